import type { Action, Branch, GuardId, State } from './workflow.ts';

// Latvian first, English second. Step names follow the agency's published procedure.

export type Texts = { lv: string; en: string };

export const procedureSteps: Record<1 | 2 | 3 | 4 | 5, Texts> = {
  1: {
    lv: 'TP uzstādīšanas pieteikums produkcijas vidē',
    en: 'Request to deploy the web service in production',
  },
  2: {
    lv: 'Tīmekļa pakalpes apraksta pārbaude, auditpierakstu pārbaude',
    en: 'Web service description check and audit-record check',
  },
  3: { lv: 'Akcepttestēšanas akta parakstīšana', en: 'Signing of the acceptance testing act' },
  4: {
    lv: 'Tīmekļa pakalpes reģistrēšana un uzstādīšana produkcijas vidē',
    en: 'Registration and installation of the web service in production',
  },
  5: { lv: 'Konsultatīvais atbalsts', en: 'Consultations' },
};

export const stateTexts: Record<State, Texts & { step: 1 | 2 | 3 | 4 | null }> = {
  draft: { lv: 'Melnraksts', en: 'Draft', step: 1 },
  submitted: { lv: 'Iesniegts', en: 'Submitted', step: 1 },
  in_review: { lv: 'Izskatīšanā', en: 'In review', step: 2 },
  corrections_requested: { lv: 'Jāveic labojumi', en: 'Corrections requested', step: 2 },
  acceptance: { lv: 'Akta parakstīšana', en: 'Act signing', step: 3 },
  registration: { lv: 'Reģistrēšana produkcijas vidē', en: 'Registration in production', step: 4 },
  installation: { lv: 'Uzstādīšana produkcijas vidē', en: 'Installation in production', step: 4 },
  completed: { lv: 'Pabeigts', en: 'Completed', step: null },
  rejected: { lv: 'Noraidīts', en: 'Rejected', step: null },
  withdrawn: { lv: 'Atsaukts', en: 'Withdrawn', step: null },
};

export const actionTexts: Record<Action, Texts> = {
  submit: { lv: 'Iesniegt', en: 'Submit' },
  startReview: { lv: 'Sākt izskatīšanu', en: 'Start review' },
  requestCorrections: { lv: 'Pieprasīt labojumus', en: 'Request corrections' },
  approveReview: { lv: 'Apstiprināt pārbaudi', en: 'Approve review' },
  reject: { lv: 'Noraidīt', en: 'Reject' },
  withdraw: { lv: 'Atsaukt pieteikumu', en: 'Withdraw' },
  uploadSignedAct: { lv: 'Iesniegt parakstīto aktu', en: 'Upload the signed act' },
  registerInProduction: { lv: 'Reģistrēt produkcijas IS katalogā', en: 'Register in production catalog' },
  confirmInstallation: { lv: 'Apstiprināt uzstādīšanu', en: 'Confirm installation' },
};

/** What the user is told once an action is done: a sentence, not the button's words again. */
export const actionDoneTexts: Record<Action, Texts> = {
  submit: { lv: 'Pieteikums iesniegts.', en: 'The request was submitted.' },
  startReview: { lv: 'Izskatīšana sākta.', en: 'The review has started.' },
  requestCorrections: { lv: 'Labojumi pieprasīti.', en: 'Corrections were requested.' },
  approveReview: { lv: 'Pārbaude apstiprināta.', en: 'The review was approved.' },
  reject: { lv: 'Pieteikums noraidīts.', en: 'The request was rejected.' },
  withdraw: { lv: 'Pieteikums atsaukts.', en: 'The request was withdrawn.' },
  uploadSignedAct: { lv: 'Parakstītais akts iesniegts.', en: 'The signed act was uploaded.' },
  registerInProduction: {
    lv: 'Pakalpe reģistrēta produkcijas IS katalogā.',
    en: 'The service was registered in the production catalog.',
  },
  confirmInstallation: { lv: 'Uzstādīšana apstiprināta.', en: 'The installation was confirmed.' },
};

export const branchTexts: Record<Branch, Texts> = {
  usedInViss: { lv: 'izmanto VISS infrastruktūrā', en: 'used in VISS infrastructure' },
  notUsedInViss: { lv: 'neizmanto VISS infrastruktūrā', en: 'not used in VISS infrastructure' },
  hosted: { lv: 'izvieto produkcijas vidē', en: 'hosted in production' },
  notHosted: { lv: 'neizvieto produkcijas vidē', en: 'not hosted in production' },
  assigned: { lv: 'ir piešķirts izskatītājs', en: 'a reviewer is assigned' },
  unassigned: { lv: 'nav piešķirts izskatītājs', en: 'no reviewer is assigned' },
};

/** What each guard requires, for the process document and the API's workflow description. */
export const guardTexts: Record<GuardId, Texts> = {
  complete: { lv: 'pieteikums ir aizpildīts', en: 'the request is complete' },
  noOpenCorrections: { lv: 'nav neizpildītu labojumu', en: 'no open corrections' },
  assignedToActor: {
    lv: 'to dara piešķirtais izskatītājs vai administrators',
    en: 'done by the assigned reviewer or an admin',
  },
  assigneeFreeOrActor: {
    lv: 'pieteikums nav piešķirts citam izskatītājam',
    en: 'not assigned to another reviewer',
  },
  auditAnalysisAttached: {
    lv: 'pievienota auditpierakstu analīze',
    en: 'an audit-record analysis is attached',
  },
  auditAnalysisCurrent: {
    lv: 'auditpierakstu analīze veikta pašreizējam aprakstam',
    en: 'the audit-record analysis was made against the current description',
  },
  descriptionAttached: {
    lv: 'pievienots pakalpes apraksts (WSDL/OpenAPI)',
    en: 'a service description (WSDL/OpenAPI) is attached',
  },
  noOpenDescriptionErrors: {
    lv: 'aprakstā nav neatrisinātu kļūdu (katra pieņemta ar pamatojumu)',
    en: 'no open description errors (each accepted with a justification)',
  },
  actIssued: { lv: 'akcepttestēšanas akts ir sagatavots', en: 'the acceptance testing act is issued' },
  actSignedByBothParties: {
    lv: 'aktu derīgi parakstījušas abas puses',
    en: 'the act carries valid signatures of both parties',
  },
};
