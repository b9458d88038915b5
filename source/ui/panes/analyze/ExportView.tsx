// :export [FILE] — writes the site's segmentation as a site file (the same
// bytes as `vseg export`). Without FILE it asks where, proposing
// <profile>-segmentation.yaml in the current directory (full path shown); a
// path that cannot be written is refused inline, and an existing file is only
// replaced after confirmation. The file is shown once written.
import {Box, Text} from 'ink';
import {resolve} from 'node:path';
import {useEffect, useEffectEvent, useRef, useState} from 'react';
import {EXPORT_SECTIONS} from '../../../domain/sitefile/index.js';
import {sanitize} from '../../../domain/text.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSession, useSite} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {fit} from '../../../domain/text-width.js';
import {errorText} from '../../../session/errors.js';
import {Form} from '../../components/form/Form.js';
import {existingSize, outputFileProblem, writeOutputFile} from '../../../session/output-file.js';
import {defaultExportName, exportText} from '../../../session/site-files.js';
import {hasSections} from './use-analysis.js';

export interface ExportParams {
  file?: string;
}

interface Outcome {
  tone: Tone;
  message: string;
  text?: string;
}

export function Export({params, width, height, shell, state, active}: ViewProps<ExportParams | undefined>) {
  const theme = useTheme();
  const session = useSession();
  useSite(EXPORT_SECTIONS);
  const [outcome, setOutcome] = useState<Outcome>({tone: 'muted', message: 'Exporting…'});
  const connected = state.connection.kind === 'connected';
  const [file, setFile] = useState(params?.file);

  // What :export asked for, run once the console is connected: an event, not
  // something the view keeps in sync (useEffectEvent sees the latest props).
  const exportNow = useEffectEvent(async (file: string) => {
    // Like vseg export --file: a path that cannot be written is said before the site is loaded.
    const problem = outputFileProblem(file, 'Export to');
    if (problem) return setOutcome({tone: 'danger', message: `Not written: ${problem}`});
    // A fresh load: the file must say what the site holds now, not at the last poll.
    const ok = await session.refresh(EXPORT_SECTIONS);
    const site = session.getSnapshot().site;
    if (!ok || !hasSections(site, EXPORT_SECTIONS))
      return setOutcome({
        tone: 'danger',
        message: `Not exported: ${session.getSnapshot().error ?? 'the site could not be loaded'}`,
      });
    const warnings: string[] = [];
    const text = exportText(site, warnings);
    for (const w of warnings) shell.notify('warning', `export: ${w}`);
    const existing = existingSize(file);
    if (existing !== undefined) {
      const replace = await shell.confirm({
        title: `Overwrite ${file}?`,
        message: `${resolve(file)} exists (${existing} bytes). The export replaces it; nothing is sent to the site.`,
        confirmLabel: 'Overwrite',
      });
      if (!replace) return setOutcome({tone: 'warning', message: `Not written: ${file} exists and was kept`, text});
    }
    let path: string;
    try {
      path = writeOutputFile(file, text, 'Export to');
    } catch (error) {
      return setOutcome({tone: 'danger', message: `Not written: ${errorText(error)}`, text});
    }
    const lines = text.split('\n').length - 1;
    setOutcome({
      tone: 'ok',
      message: `Wrote ${path} (${lines} lines) — apply it later with :plan ${file}`,
      text,
    });
    shell.notify('success', `Exported to ${file}`);
  });
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !connected || file === undefined) return;
    started.current = true;
    void exportNow(file);
  }, [connected, file]);

  const lines = outcome.text?.replace(/\n$/, '').split('\n') ?? [];
  const view = useTextView({lineCount: lines.length, height: height - 1});
  useTextViewInput(view, {isActive: active && file !== undefined});
  if (file === undefined) {
    const proposed = resolve(defaultExportName(state.profile));
    return (
      <Form
        fields={[
          {
            kind: 'text',
            name: 'path',
            label: 'Write to',
            initial: proposed,
            validate: (v) => outputFileProblem(v.trim(), 'Write to'),
            hint: `Proposed: ${proposed} (an existing file is only replaced after you confirm)`,
          },
        ]}
        title="Export the segmentation to a site file — where?"
        submitLabel="Export"
        width={width}
        height={Math.min(height, 6)}
        layer="pane"
        isActive={active}
        onSubmit={(values) => setFile(String(values['path']).trim())}
        onCancel={() => shell.pop()}
      />
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style(outcome.tone)}>
        {fit(
          `${theme.glyphs.tone[outcome.tone]} ${sanitize(connected || outcome.text ? outcome.message : 'Waiting for the connection…')}`,
          width,
          'left',
          theme.glyphs.ellipsis,
        )}
      </Text>
      <TextView lines={lines} width={width} height={height - 1} offset={view.offset} left={view.left} />
    </Box>
  );
}
