/**
 * Every UI string, per language and namespace (one JSON file each under locales/). Keys are
 * `namespace.key`; every language must define every key (a unit test compares them).
 */
import es_common from "./locales/es/common.json";
import es_errors from "./locales/es/errors.json";
import es_auth from "./locales/es/auth.json";
import es_account from "./locales/es/account.json";
import es_admin from "./locales/es/admin.json";
import es_process from "./locales/es/process.json";
import es_processAdmin from "./locales/es/processAdmin.json";
import es_document from "./locales/es/document.json";
import es_editor from "./locales/es/editor.json";
import es_annotation from "./locales/es/annotation.json";
import es_mail from "./locales/es/mail.json";
import es_api from "./locales/es/api.json";
import es_debate from "./locales/es/debate.json";
import es_amendmentEditor from "./locales/es/amendment-editor.json";
import es_amendments from "./locales/es/amendments.json";
import es_participation from "./locales/es/participation.json";
import es_organizations from "./locales/es/organizations.json";
import es_submissions from "./locales/es/submissions.json";
import ca_common from "./locales/ca/common.json";
import ca_errors from "./locales/ca/errors.json";
import ca_auth from "./locales/ca/auth.json";
import ca_account from "./locales/ca/account.json";
import ca_admin from "./locales/ca/admin.json";
import ca_process from "./locales/ca/process.json";
import ca_processAdmin from "./locales/ca/processAdmin.json";
import ca_document from "./locales/ca/document.json";
import ca_editor from "./locales/ca/editor.json";
import ca_annotation from "./locales/ca/annotation.json";
import ca_mail from "./locales/ca/mail.json";
import ca_api from "./locales/ca/api.json";
import ca_debate from "./locales/ca/debate.json";
import ca_amendmentEditor from "./locales/ca/amendment-editor.json";
import ca_amendments from "./locales/ca/amendments.json";
import ca_participation from "./locales/ca/participation.json";
import ca_organizations from "./locales/ca/organizations.json";
import ca_submissions from "./locales/ca/submissions.json";
import en_common from "./locales/en/common.json";
import en_errors from "./locales/en/errors.json";
import en_auth from "./locales/en/auth.json";
import en_account from "./locales/en/account.json";
import en_admin from "./locales/en/admin.json";
import en_process from "./locales/en/process.json";
import en_processAdmin from "./locales/en/processAdmin.json";
import en_document from "./locales/en/document.json";
import en_editor from "./locales/en/editor.json";
import en_annotation from "./locales/en/annotation.json";
import en_mail from "./locales/en/mail.json";
import en_api from "./locales/en/api.json";
import en_debate from "./locales/en/debate.json";
import en_amendmentEditor from "./locales/en/amendment-editor.json";
import en_amendments from "./locales/en/amendments.json";
import en_participation from "./locales/en/participation.json";
import en_organizations from "./locales/en/organizations.json";
import en_submissions from "./locales/en/submissions.json";
import fr_common from "./locales/fr/common.json";
import fr_errors from "./locales/fr/errors.json";
import fr_auth from "./locales/fr/auth.json";
import fr_account from "./locales/fr/account.json";
import fr_admin from "./locales/fr/admin.json";
import fr_process from "./locales/fr/process.json";
import fr_processAdmin from "./locales/fr/processAdmin.json";
import fr_document from "./locales/fr/document.json";
import fr_editor from "./locales/fr/editor.json";
import fr_annotation from "./locales/fr/annotation.json";
import fr_mail from "./locales/fr/mail.json";
import fr_api from "./locales/fr/api.json";
import fr_debate from "./locales/fr/debate.json";
import fr_amendmentEditor from "./locales/fr/amendment-editor.json";
import fr_amendments from "./locales/fr/amendments.json";
import fr_participation from "./locales/fr/participation.json";
import fr_organizations from "./locales/fr/organizations.json";
import fr_submissions from "./locales/fr/submissions.json";

export const NAMESPACES = ["common", "errors", "auth", "account", "admin", "process", "processAdmin", "document", "editor", "annotation", "mail", "api", "debate", "amendment-editor", "amendments", "participation", "organizations", "submissions"] as const;

type Flat = Record<string, string>;

/** Raw messages by locale and namespace. */
export const CATALOG: Record<string, Record<string, Flat>> = {
  es: {
    common: es_common,
    errors: es_errors,
    auth: es_auth,
    account: es_account,
    admin: es_admin,
    process: es_process,
    processAdmin: es_processAdmin,
    document: es_document,
    editor: es_editor,
    annotation: es_annotation,
    mail: es_mail,
    api: es_api,
    debate: es_debate,
    "amendment-editor": es_amendmentEditor,
    amendments: es_amendments,
    participation: es_participation,
    organizations: es_organizations,
    submissions: es_submissions,
  },
  ca: {
    common: ca_common,
    errors: ca_errors,
    auth: ca_auth,
    account: ca_account,
    admin: ca_admin,
    process: ca_process,
    processAdmin: ca_processAdmin,
    document: ca_document,
    editor: ca_editor,
    annotation: ca_annotation,
    mail: ca_mail,
    api: ca_api,
    debate: ca_debate,
    "amendment-editor": ca_amendmentEditor,
    amendments: ca_amendments,
    participation: ca_participation,
    organizations: ca_organizations,
    submissions: ca_submissions,
  },
  en: {
    common: en_common,
    errors: en_errors,
    auth: en_auth,
    account: en_account,
    admin: en_admin,
    process: en_process,
    processAdmin: en_processAdmin,
    document: en_document,
    editor: en_editor,
    annotation: en_annotation,
    mail: en_mail,
    api: en_api,
    debate: en_debate,
    "amendment-editor": en_amendmentEditor,
    amendments: en_amendments,
    participation: en_participation,
    organizations: en_organizations,
    submissions: en_submissions,
  },
  fr: {
    common: fr_common,
    errors: fr_errors,
    auth: fr_auth,
    account: fr_account,
    admin: fr_admin,
    process: fr_process,
    processAdmin: fr_processAdmin,
    document: fr_document,
    editor: fr_editor,
    annotation: fr_annotation,
    mail: fr_mail,
    api: fr_api,
    debate: fr_debate,
    "amendment-editor": fr_amendmentEditor,
    amendments: fr_amendments,
    participation: fr_participation,
    organizations: fr_organizations,
    submissions: fr_submissions,
  },
};
