export function addonAbi(file: string): number | null
export function electronInfo(root?: string): { version: string; abi: number }
export function electronBindingPath(version: string, root?: string, arch?: string): string
export function cleanBuildEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
export function isUsableBinding(file: string, abi: number): boolean
export function ensureElectronBinding(root?: string, log?: (message: string) => void, arch?: string): string
