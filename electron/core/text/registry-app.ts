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
  // On call and senders, written forward by their code (#25): the refusals of oncall/mutes.ts,
  // oncall/silences.ts, api/oncall.ts and api/sources.ts
  'phrase.amError': 'error {code}',
  'silence.noLabels':
    'This alert has no labels, so Alertmanager cannot be told which alert to silence: mute it locally instead.',
  'silence.labelCut':
    'The label "{label}" is longer than {limit} characters and the relay kept only its start, so a silence made from here would match nothing: silence it in Alertmanager\'s own UI, or mute it here.',
  'silence.unknown':
    'Alertmanager has no silence {id}: it may have been deleted there, or the relay is pointed at another Alertmanager.',
  'silence.expireFailed':
    "Alertmanager could not expire silence {id} (HTTP {status}: {body}): try again, or expire it in Alertmanager's UI.",
  'silence.stateFailed':
    'Alertmanager did not return silence {id} (HTTP {status}): check the Alertmanager URL.',
  'silence.notUrl':
    '"{url}" is not a URL: give Alertmanager\'s address, such as http://alertmanager:9093.',
  'silence.scheme': 'The Alertmanager URL must start with http:// or https://.',
  'mute.noMatcher':
    'A mute needs at least one matcher, such as alarm_name="DiskFull": add one (use alarm_name=~".+" to mute everything).',
  'mute.badTime': 'The mute start or end is not a valid time: give an ISO date and time.',
  'mute.endsBefore': 'The mute ends before it starts or in the past: choose a later end.',
  'oncall.howLong': 'Say how long to mute: give an end time or a number of minutes.',
  'oncall.notSaved':
    "{holds} could not save it to its data folder ({code}), so a restart would lose it: free disk space or fix the folder's permissions; the relay keeps trying to save it.",
  'phrase.ackHolds': 'The acknowledgement holds, but the relay',
  'phrase.ackWithdrawn': 'The acknowledgement is withdrawn, but the relay',
  'phrase.muteInEffect': 'The mute is in effect, but the relay',
  'phrase.muteEnded': 'The mute has ended, but the relay',
  'phrase.silenceMade': 'The silence was made in Alertmanager, but the relay',
  'phrase.silenceExpired': 'The silence was expired in Alertmanager, but the relay',
  'oncall.noAlert': 'No alert {id} in the history: it may have expired; refresh the list.',
  'oncall.onlyAlertmanager':
    'Only alerts from Alertmanager can be silenced there: mute this one locally instead.',
  'oncall.noneFiring': 'None of these alerts is firing any more: refresh the list.',
  'oncall.noMute': 'No mute {id}: it may have been cleared after it ended; refresh the list.',
  'oncall.noSilence': "The relay made no silence {id}: expire it in Alertmanager's UI.",
  'sources.alertGone': 'Alert {id} is no longer in the history: pick another.',
  'sources.storedCut': "Alert {id}'s stored body was cut or is not JSON: paste the body instead.",
  'sources.pasteBody': 'Paste a body or pick one from the history.',
  'sources.notJson': 'The body is not valid JSON ({why}): paste it as the sender posts it.',
  // delivery/engine.ts: what waited for a channel when it was deleted (#25)
  'reason.channelDeleted':
    'The channel "{name}" was deleted before this alert was sent to it: resend it from History to another channel if it still matters.',
} as const
