// The renderer's view of the contract: types only, nothing from Electron or Node.
export type {
  ApiError,
  AppState,
  ErrorCode,
  List,
  MenuCommand,
  MigrationProgressEvent,
  OpenFailure,
  OwnlistApi,
  ProfileSummary,
  ProfilesView,
  Result,
  Session,
  Todo,
  TodoCounts,
  TodoFilter,
  TodoPage,
} from '../../../main/api/contract'
