import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "../../server/i18n/format";
import { isRegistryNumber } from "../../server/services/submissions/registry";
import { verifyReceipt } from "../../server/services/submissions/verify";
import { useT } from "../i18n/i18n";
import { translatedTitle } from "../utils/page-meta";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "submissions.verify.title");

/** The public verification page: number + hash from the receipt → valid or why not. A GET form. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const app = context.app;
  const url = new URL(request.url);
  const number = (url.searchParams.get("number") ?? "").trim().slice(0, 40);
  const hash = (url.searchParams.get("hash") ?? "").trim().slice(0, 80);
  const asked = number !== "" || hash !== "";
  const result = asked && isRegistryNumber(number) ? verifyReceipt(app.db, app.registry.key, number, hash) : null;
  return {
    number,
    hash,
    asked,
    result: result
      ? {
          valid: result.valid,
          found: result.found,
          hashMatches: result.hashMatches,
          intact: result.intact,
          signatureValid: result.signatureValid,
          withdrawn: result.withdrawn,
          filedAtText: result.filedAt ? formatDateTime(app.locale, result.filedAt) : null,
        }
      : null,
    publicKey: app.registry.key.publicKeyPem,
    keyId: app.registry.key.keyId,
  };
}

export default function VerifyReceipt() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const r = d.result;
  return (
    <div className="page submission-verify">
      <h1>{t("submissions.verify.title")}</h1>
      <p className="lead">{t("submissions.verify.intro")}</p>
      <Form method="get" className="submission-verify__form">
        <div className="field">
          <label htmlFor="number">{t("submissions.verify.number")}</label>
          <input id="number" name="number" defaultValue={d.number} required placeholder="VRI-2027-000123" />
        </div>
        <div className="field">
          <label htmlFor="hash">{t("submissions.verify.hash")}</label>
          <input id="hash" name="hash" defaultValue={d.hash} required spellCheck={false} />
        </div>
        <button type="submit" className="button">
          {t("submissions.verify.submit")}
        </button>
      </Form>
      {d.asked ? (
        <div role="status" className={r?.valid ? "notice" : "form-error"} data-testid="verify-result" data-valid={r?.valid ? "true" : "false"}>
          {r?.valid ? (
            <p>
              <strong>{t("submissions.verify.valid", { number: d.number, date: r.filedAtText ?? "" })}</strong>
            </p>
          ) : (
            <>
              <p>
                <strong>{t("submissions.verify.invalid")}</strong>
              </p>
              <p>
                {!r || !r.found
                  ? t("submissions.verify.notFound")
                  : !r.hashMatches
                    ? t("submissions.verify.hashMismatch")
                    : !r.intact
                      ? t("submissions.verify.notIntact")
                      : t("submissions.verify.badSignature")}
              </p>
            </>
          )}
          {r?.valid && r.withdrawn ? <p>{t("submissions.verify.withdrawn")}</p> : null}
        </div>
      ) : null}
      <section aria-labelledby="key-heading">
        <h2 id="key-heading">{t("submissions.receipt.publicKey")}</h2>
        <p>{t("submissions.verify.keyHint")}</p>
        <p>
          {t("submissions.receipt.keyId")}: <code>{d.keyId}</code>
        </p>
        <pre className="submission-verify__key">{d.publicKey}</pre>
      </section>
    </div>
  );
}
