// The OS refused to watch some folders (Linux inotify limit): say what that means for the user
// (changes there show up after the next periodic rescan) and give the command that raises the limit.
import type { WatchStatus } from '../../../shared/contract';

export function WatchLimitNotice({ watch }: { watch: WatchStatus | undefined }) {
  if (!watch || watch.state !== 'partial') return null;
  return (
    <div className="no-model-note watch-limit-note" role="note">
      <p>{watch.message}</p>
      {watch.fix && (
        <p>
          To watch every folder, run <code className="watch-limit-fix">{watch.fix}</code>
        </p>
      )}
    </div>
  );
}
