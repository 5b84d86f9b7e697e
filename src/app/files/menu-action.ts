/** One entry of the file tree's context menu. */
export interface MenuAction {
  id: string;
  label: string;
  /** The key that does the same from the tree, shown beside the label. */
  shortcut?: string;
  danger?: boolean;
}
