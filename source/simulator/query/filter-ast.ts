// The filter language VergeOS accepts (VERGEOS-API.md §2.1), as data.

export const FILTER_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'bw', 'ew', 'cs', 'ct', 'rx'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | {type: 'cmp'; field: string; op: FilterOp; value: FilterValue}
  | {type: 'and'; items: FilterNode[]}
  | {type: 'or'; items: FilterNode[]};

/** Words that cannot be field names. */
export const FILTER_KEYWORDS = ['and', 'or', 'true', 'false', 'null'] as const;
