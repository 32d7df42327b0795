import type { ReactNode } from 'react';
import type { Role } from '../session';
import { InstitutionsPage } from './admin-institutions';
import { OutboxPage } from './admin-outbox';
import { TrustListPage } from './admin-trust-list';
import { TrustListsPage } from './admin-trust-lists';
import { UsersPage } from './admin-users';
import { CatalogPage } from './catalog';
import { CatalogEntryPage } from './catalog-entry';
import { CatalogImportPage } from './catalog-import';
import { ConsultationPage } from './consultation-detail';
import { NewConsultationPage } from './consultation-new';
import { ConsultationsPage } from './consultations-list';
import { DevMailboxPage } from './dev-mailbox';
import { InboundMailPage } from './inbound-mail';
import { MyInstitutionPage } from './my-institution';
import { QuarantinePage } from './quarantine';
import { QueuePage } from './queue';
import { RequestPage } from './request-detail';
import { NewRequestPage } from './request-new';
import { MyRequestsPage } from './requests-list';
import { RulesPage } from './rules';
import { TokensPage } from './tokens';
import { VerifyContainerPage } from './verify-container';

// Every page, who may open it, and whether it has a place in the main navigation. The layout's
// navigation and the router both read this list.

export type PageRoute = {
  path: string;
  element: ReactNode;
  roles?: readonly Role[];
  /** i18n key of the navigation label (common namespace, or `ns:key`); pages without one are reached by links. */
  nav?: string;
};

const agency: readonly Role[] = ['agency_reviewer', 'agency_admin'];

export const pageRoutes: PageRoute[] = [
  { path: 'queue', element: <QueuePage />, roles: agency, nav: 'nav.queue' },
  { path: 'requests', element: <MyRequestsPage />, roles: ['institution_member'], nav: 'nav.myRequests' },
  { path: 'requests/new', element: <NewRequestPage />, roles: ['institution_member'], nav: 'nav.newRequest' },
  { path: 'requests/:id', element: <RequestPage /> },
  { path: 'consultations', element: <ConsultationsPage />, nav: 'nav.consultations' },
  { path: 'consultations/new', element: <NewConsultationPage />, roles: ['institution_member'] },
  { path: 'consultations/:id', element: <ConsultationPage /> },
  {
    path: 'institution',
    element: <MyInstitutionPage />,
    roles: ['institution_member'],
    nav: 'nav.myInstitution',
  },
  // The catalog's label lives in its own namespace; layout.tsx's t() reads the `catalog:` prefix.
  { path: 'catalog', element: <CatalogPage />, nav: 'catalog:nav' },
  { path: 'catalog/import', element: <CatalogImportPage />, roles: ['agency_admin'] },
  { path: 'catalog/:id', element: <CatalogEntryPage /> },
  {
    path: 'admin/institutions',
    element: <InstitutionsPage />,
    roles: ['agency_admin'],
    nav: 'nav.institutions',
  },
  { path: 'admin/users', element: <UsersPage />, roles: ['agency_admin'], nav: 'nav.users' },
  { path: 'admin/outbox', element: <OutboxPage />, roles: ['agency_admin'], nav: 'nav.outbox' },
  // Agency reviewers read the trusted lists too (a refused signature sends them here); admins change them.
  { path: 'admin/trust-lists', element: <TrustListsPage />, roles: agency, nav: 'trustLists:nav' },
  { path: 'admin/trust-lists/:id', element: <TrustListPage />, roles: agency },
  { path: 'dev-mailbox', element: <DevMailboxPage />, roles: agency, nav: 'nav.devMailbox' },
  {
    path: 'support-mailbox/quarantine',
    element: <QuarantinePage />,
    roles: agency,
    nav: 'nav.quarantine',
  },
  { path: 'support-mailbox/mails/:id', element: <InboundMailPage />, roles: agency },
  { path: 'rules', element: <RulesPage />, nav: 'nav.rules' },
  { path: 'verify', element: <VerifyContainerPage />, nav: 'nav.verify' },
  { path: 'account/tokens', element: <TokensPage />, nav: 'nav.tokens' },
];
