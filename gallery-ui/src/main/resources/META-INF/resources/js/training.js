// How a run trains beyond its hyperparameters, in words: the generator average, augmentations, what each alarm does,
// how often the quality score is measured; and the alarms themselves.

const KINDS = {collapse: 'collapse', discriminatorWins: 'discriminator wins', divergence: 'divergence'};
const ACTIONS = {warned: 'warned, training went on', stopped: 'run stopped', failed: 'run failed'};
const ON_ALARM = {warn: 'warn', stop: 'stop the run'};

/** An alarm kind as a person says it. */
export function alarmKind(kind) {
  return KINDS[kind] || String(kind);
}

/** What the trainer did about an alarm. */
export function alarmAction(action) {
  return ACTIONS[action] || String(action || 'warned');
}

/** "collapse: samples' diversity 0.04 of the data's". */
export function alarmText(alarm) {
  return alarm.message ? `${alarmKind(alarm.kind)}: ${alarm.message}` : alarmKind(alarm.kind);
}

function emaDecay(run) {
  return typeof run.emaDecay === 'number' && run.emaDecay > 0 ? String(run.emaDecay) : 'off';
}

/** Runs that never chose augmentations flip real images. */
function augmentations(run) {
  if (!Array.isArray(run.augment)) return 'flip';
  return run.augment.length ? run.augment.join(', ') : 'none';
}

function onAlarm(run, kind) {
  const action = run.onAlarm && run.onAlarm[kind] ? run.onAlarm[kind] : 'warn';
  return ON_ALARM[action] || action;
}

function scoreEvery(run) {
  const every = run.scoreEveryEpochs;
  if (!Number.isInteger(every) || every < 1) return 'chosen by the trainer at the first score';
  return every === 1 ? 'every epoch' : `every ${every} epochs`;
}

/** The options as rows of the configuration list. */
export function optionRows(run) {
  return [
    ['EMA decay', emaDecay(run)],
    ['Augmentations', augmentations(run)],
    ['On collapse', onAlarm(run, 'collapse')],
    ['On discriminator wins', onAlarm(run, 'discriminatorWins')],
    ['On divergence', 'fail the run'],
    ['Score measured', scoreEvery(run)],
  ];
}

/** The options in one line for the run's head. */
export function describeOptions(run) {
  return [
    `EMA decay ${emaDecay(run)}`,
    `augmentations: ${augmentations(run)}`,
    `on collapse: ${onAlarm(run, 'collapse')}`,
    `on discriminator wins: ${onAlarm(run, 'discriminatorWins')}`,
    `score ${scoreEvery(run).startsWith('every') ? scoreEvery(run) : 'not measured yet'}`,
  ].join(' · ');
}
