// :export [FILE] — writes the site's segmentation as a site file (the same
// bytes as `vseg export`), by default <profile>-segmentation.yaml in the
// current directory; an existing file is only replaced after confirmation.
// The file is shown once written.
import {Box, Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {EXPORT_SECTIONS} from '../../../domain/sitefile/index.js';
import {sanitize} from '../../../domain/text.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useSession, useSite} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import type {Tone} from '../../theme/tokens.js';
import {fit} from '../../../domain/text-width.js';
import {defaultExportName, exportTarget, exportText, writeExport} from './site-files.js';
import {hasSections} from './use-analysis.js';

export interface ExportParams {
  file?: string;
}

interface Outcome {
  tone: Tone;
  message: string;
  text?: string;
}

export function Export({params, width, height, shell, state}: ViewProps<ExportParams | undefined>) {
  const theme = useTheme();
  const session = useSession();
  useSite(EXPORT_SECTIONS);
  const [outcome, setOutcome] = useState<Outcome>({tone: 'muted', message: 'Exporting…'});
  const started = useRef(false);
  const connected = state.connection.kind === 'connected';
  const file = params?.file ?? defaultExportName(state.profile);

  useEffect(() => {
    if (started.current || !connected) return;
    started.current = true;
    void (async () => {
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
      const target = exportTarget(file);
      if (target.existing !== undefined) {
        const replace = await shell.confirm({
          title: `Overwrite ${file}?`,
          message: `${target.path} exists (${target.existing} bytes). The export replaces it; nothing is sent to the site.`,
          confirmLabel: 'Overwrite',
        });
        if (!replace) return setOutcome({tone: 'warning', message: `Not written: ${file} exists and was kept`, text});
      }
      try {
        writeExport(target.path, text);
      } catch (error) {
        return setOutcome({tone: 'danger', message: `Not written: ${(error as Error).message}`, text});
      }
      const lines = text.split('\n').length - 1;
      setOutcome({
        tone: 'ok',
        message: `Wrote ${target.path} (${lines} lines) — apply it later with :plan ${file}`,
        text,
      });
      shell.notify('success', `Exported to ${file}`);
    })();
  }, [connected, session, shell, file]);

  const lines = outcome.text?.replace(/\n$/, '').split('\n') ?? [];
  const view = useTextView({lineCount: lines.length, height: height - 1});
  useTextViewInput(view);
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
