// The verification in words, for `vseg why --verify` and the why view:
// predicted and observed side by side, what the probe was and why it can or
// cannot stand in for the VM, what the trace showed, and the likely cause of
// a disagreement.
import type {VerifyResult} from './verify.js';

export type {VerifyResult} from './verify.js';

const CAUSE_TITLE: Record<string, string> = {
  'router-stopped': 'router stopped',
  'rules-pending': 'rules pending',
  'stale-router': 'stale router',
  'l2-pass-through': 'layer-2 pass-through',
  'outside-vergeos': 'outside VergeOS',
};

export function verifyLines(v: VerifyResult): string[] {
  const out: string[] = ['', 'Verify — asked the routers (vnet_queries):'];
  const col = (label: string, predicted: string, observed: string): string =>
    `  ${label.padEnd(10)} ${predicted.padEnd(28)} ${observed}`;
  out.push(col('', 'predicted (rules)', 'observed (routers)'));
  out.push(
    col(
      'traffic',
      v.predicted,
      v.observed === 'unknown'
        ? 'unknown'
        : `${v.observed}${v.probe?.representative && v.probe.observed !== 'unknown' ? ' (probe)' : ' (trace)'}`,
    ),
  );
  const p = v.probe;
  if (p) {
    const what = p.query === 'tcp_connect' ? `tcp connect ${p.host}:${p.port}` : `ping ${p.host}`;
    out.push(
      col('probe', `${p.predicted}`, `${p.observed} — ${what} from ${p.network}'s router ${p.source}: ${p.said}`),
    );
    out.push(`  ${p.note}`);
    if (p.representative) out.push('  The probe meets the same deciding rules as the traffic, so it stands in for it.');
  }
  for (const t of v.trace ?? []) {
    const rules = t.rules.map((r) => `"${r.name}"`).join(', ');
    const verdicts = t.verdicts.length ? ` (${t.verdicts.join(', ')})` : '';
    out.push(
      `  trace on ${t.network} (${rules}): ${t.events} traced packet${t.events === 1 ? '' : 's'}, ${t.flowEvents} of this traffic${verdicts}`,
    );
  }
  if (v.flags) {
    const r = v.flags.restored;
    const applied = r.applied.length ? `, applied on ${r.applied.join(', ')}` : '';
    const staged = r.stagedOnly.length
      ? `; ${r.stagedOnly.join(', ')}: reset in the staged rules only (other changes pending — apply there)`
      : '';
    const back = r.failed.length
      ? `NOT all put back (${r.failed.join('; ')}); vseg retries when it next connects`
      : `put back${applied}${staged}`;
    out.push(`  flags: turned ${v.flags.changed.join(', ')} on for the trace; ${back}`);
  }
  if (v.agrees)
    out.push(
      v.observed === 'unknown'
        ? '  = nothing observed contradicts the prediction (nothing could be observed for the traffic itself)'
        : '  ✓ the routers agree with the rules',
    );
  else {
    out.push('  ✗ DISAGREE: the routers do not do what the rules say');
    v.causes.forEach((c, i) =>
      out.push(
        `  ${i === 0 ? 'likely cause' : 'or'}: ${CAUSE_TITLE[c.cause] ?? c.cause} — ${c.detail}${c.guess ? ' (matched by nft comments: a guess)' : ''}`,
      ),
    );
  }
  for (const n of v.notes) out.push(`  note: ${n}`);
  return out;
}
