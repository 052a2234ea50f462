// placeholder replaced by the Electron wiring
export {}
