// What consultations need from the configuration: the web UI's address (links in e-mail) and how many
// working days the agency has to reply. The HTTP layer hands them on explicitly; callers of the
// domain functions that have no configuration at hand (the support mailbox's receiver runs inside the
// same server) get the settings the server registered at start (buildApp calls registerConsultationSettings).

export type ConsultationSettings = Readonly<{ publicUrl: string; replyWorkingDays: number }>;

let registered: ConsultationSettings = Object.freeze({
  publicUrl: 'http://127.0.0.1:8080',
  replyWorkingDays: 2,
});

export function registerConsultationSettings(settings: ConsultationSettings): void {
  registered = Object.freeze({ ...settings });
}

export function consultationSettings(): ConsultationSettings {
  return registered;
}
