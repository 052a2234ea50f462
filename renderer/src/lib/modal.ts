/**
 * A native modal <dialog> (focus stays inside, Escape closes it, focus goes back where it was),
 * kept in step with the state that says whether it is open: the sheets, the switcher, the confirmation.
 */

/** Shows or closes `dialog` to match `open`; true when this call showed it. */
export function syncModal(dialog: HTMLDialogElement | undefined, open: boolean): boolean {
  if (!dialog) return false
  if (open && !dialog.open) {
    dialog.showModal()
    return true
  }
  if (!open && dialog.open) dialog.close()
  return false
}

/** A click on the backdrop: on the dialog element itself (the handler's own), outside its box. */
export function isBackdropClick(e: MouseEvent & { currentTarget: HTMLDialogElement }): boolean {
  const dialog = e.currentTarget
  if (e.target !== dialog) return false
  const r = dialog.getBoundingClientRect()
  return e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom
}
