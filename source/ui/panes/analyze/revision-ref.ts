/** The `revision` of a plan view that means the newest change to the connected site (u, :undo). */
export const LAST_REVISION = 'last';
