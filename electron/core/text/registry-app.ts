/**
 * The English templates of what the relay says about itself: start-up warnings (settings file,
 * history), the API's refusals the window shows as a toast, and the reasons History gives for an
 * alert held back by a cap, a mute or an acknowledgement.
 */
export const APP_TEXTS = {
  // settings/settings-store.ts and app.ts: start-up warnings
  'start.routeIgnored':
    "The settings file's route {at} was ignored ({reason}); the other routes and every channel were kept: fix it in Settings.",
  'start.routeIgnoredCopy':
    "The settings file's route {at} was ignored ({reason}); the other routes and every channel were kept: fix it in Settings (a copy of the file as it was is kept as {copy}).",
  'start.unknownKey':
    'The settings file has an unknown key {at}, which was ignored: fix it in {path}.',
  'start.unknownKeyCopy':
    'The settings file has an unknown key {at}, which was ignored: fix it in {path} (a copy of the file as it was is kept as {copy}).',
  'start.unknownKeySuggest':
    'The settings file has an unknown key {at} (did you mean {suggestion}?), which was ignored: fix it in {path}.',
  'start.unknownKeySuggestCopy':
    'The settings file has an unknown key {at} (did you mean {suggestion}?), which was ignored: fix it in {path} (a copy of the file as it was is kept as {copy}).',
  'start.unreadableKept':
    'The settings file could not be read ({reason}), nor moved aside: the relay started with default settings and left {path} as it is.',
  'start.unreadable':
    'The settings file could not be read ({reason}); it was kept as {aside} and the relay started with default settings.',
  'start.sealed':
    "The settings file holds secrets encrypted by the desktop app's system key store, which {why}; it was kept as {aside} and the relay started with default settings: open it with the desktop app on the machine and account that wrote it, or import a settings export made with secrets.",
  'start.upgraded': 'Settings were upgraded ({steps}).',
  'start.damagedHistory':
    '{count} damaged history line(s) were skipped ({lines}); everything else was read.',
  'settings.cannotSave':
    'Could not save the settings to {path} ({code}): check that its folder exists and is writable and that the disk is not full; nothing was changed.',
  // api/**: refusals shown as a toast
  'api.notSection': '"{section}" is not a settings section: use {list} or {last}.',
  'api.notJson':
    'The file is not valid JSON ({why}): pick a settings file exported from the relay.',
  'api.notSettings':
    'The file does not hold a settings object: pick a settings file exported from the relay.',
  'api.maskedOne':
    'The masked secret in {list} matches none this relay keeps: type the real value, or import an export made with secrets.',
  'api.maskedMany':
    'The masked secrets in {list} match none this relay keeps: type the real values, or import an export made with secrets.',
  'api.fieldsNeedFixing': '{count} settings need fixing: {paths}.',
  'api.pickRobot': 'Pick a channel or paste a webhook URL to test.',
  'api.chartOrder': 'The chart starts ({from}) after it ends ({to}): swap them.',
  'api.alertGone': 'Alert {id} is not in the history (it may have expired).',
  'api.noResendTarget': 'There is no channel to resend to: pick one.',
  'api.scriptLocked':
    'Script channels can be created or changed only in the settings file or the desktop window, not through the headless API: start serve with --allow-script-channels to allow it.',
  'api.noHeader': 'Channel "{channel}" has no header "{header}": reload the channel and try again.',
  // delivery/caps.ts and oncall/wiring.ts: why an alert was held back
  'reason.capHour':
    'Held back by the hourly cap of {cap} alerts; a summary goes out when the cap resets.',
  'reason.capDay':
    'Held back by the daily cap of {cap} alerts; a summary goes out when the cap resets.',
  'reason.acknowledged':
    'Acknowledged by {who}: repeats are held until it resolves or the acknowledgement ends.',
  'reason.muted': 'Muted by mute {id}: stored, not sent.',
  'reason.mutedUntil': 'Muted by mute {id} until {time} UTC: stored, not sent.',
  'reason.mutedComment': 'Muted by mute {id} ("{comment}") until {time} UTC: stored, not sent.',
  // What oncall/wiring.ts writes now, the time in the user's zone (the two above stay for
  // records written before).
  'reason.held': 'Held by a mute: stored, not sent.',
  'reason.heldUntil': 'Held by a mute until {time}: stored, not sent.',
  'reason.heldComment': 'Held by the mute "{comment}" until {time}: stored, not sent.',
  // oncall/silences.ts, api/oncall.ts: a silence Alertmanager did not take (where its URL is set)
  'silence.unreachable':
    'Could not reach Alertmanager at {url} ({why}): check "Alertmanager for silences" in the on-call settings at the foot of the Now page, that Alertmanager is running, and the proxy.',
  'silence.credentials':
    'Alertmanager refused the credentials (HTTP {status}): check the basic auth or bearer token in the on-call settings at the foot of the Now page.',
  'silence.refused':
    'Alertmanager refused the silence (HTTP {status}: {body}): check the matchers and the end time.',
  'silence.noId':
    "{url} answered without a silence id: check that \"Alertmanager for silences\" in the on-call settings at the foot of the Now page is Alertmanager's address, not Prometheus' or a proxy's.",
  'silence.noExternalUrl':
    'This alert does not say which Alertmanager sent it (no externalURL): set "Alertmanager for silences" in the on-call settings at the foot of the Now page.',
  'phrase.amRefused': 'nothing answers on that port',
  'phrase.amNoDns': 'its host name does not resolve',
  'phrase.amTimeout': 'no answer in time',
  'phrase.amReset': 'the connection was cut',
  'phrase.amTls': 'the TLS handshake failed',
  'phrase.amProxy': 'the proxy did not pass the request on',
} as const
