// One lint finding: what is wrong, and the rules it names as they stand now.
import {useMemo} from 'react';
import type {Finding} from '../../../policy/index.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {findingLines} from './lint-rows.js';
import {useAnalysisSite} from './use-analysis.js';

export interface FindingParams {
  finding: Finding;
}

const TONE = {error: 'danger', warning: 'warning', info: 'info'} as const;

export function FindingDetail({params, width, height}: ViewProps<FindingParams>) {
  const {site} = useAnalysisSite();
  const lines = useMemo(() => findingLines(site, params.finding), [site, params.finding]);
  const view = useTextView({lineCount: lines.length, height});
  useTextViewInput(view);
  return (
    <TextView
      lines={lines}
      width={width}
      height={height}
      offset={view.offset}
      left={view.left}
      tone={(_, i) => (i === 0 ? TONE[params.finding.severity] : undefined)}
    />
  );
}
