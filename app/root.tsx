import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { namespacesForPath } from "../server/i18n/page-namespaces";
import { messagesFor } from "../server/i18n/translate";
import { presentViewer } from "../server/presenters/viewer";
import { SiteFooter } from "./components/SiteFooter";
import { SiteHeader } from "./components/SiteHeader";
import { I18nProvider, useT } from "./i18n/i18n";
import stylesheet from "./styles/app.css?url";
import { useNonce } from "./utils/nonce";
import { useRootData, type RootData } from "./utils/root-data";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Redacta" }];

export function loader({ request, context }: LoaderFunctionArgs): RootData {
  const { app } = context;
  return {
    locale: app.locale,
    messages: messagesFor(app.locale, namespacesForPath(new URL(request.url).pathname)),
    csrfToken: app.csrfToken,
    viewer: presentViewer(app.user),
  };
}

/** Reload the root data when a navigation enters a section that needs other translations. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  defaultShouldRevalidate || namespacesForPath(currentUrl.pathname).join() !== namespacesForPath(nextUrl.pathname).join();

/** The HTML shell. The nonce reaches Remix's inline scripts through the server entry. */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  return (
    <html lang={data?.locale ?? "es"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {data ? (
          <I18nProvider locale={data.locale} messages={data.messages}>
            <SiteHeader />
            <main id="main" tabIndex={-1}>
              {children}
            </main>
            <SiteFooter />
          </I18nProvider>
        ) : (
          <main id="main">{children}</main>
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

function ErrorMessage({ status }: { status: number }) {
  const t = useT();
  const known = status === 404 || status === 403 || status === 401 || status === 413 || status === 429 ? status : 500;
  return (
    <div className="error-page">
      <p className="error-code" aria-hidden="true">
        {status}
      </p>
      <h1>{t(`errors.${known}.title`)}</h1>
      <p>{t(`errors.${known}.body`)}</p>
      <p>
        <Link to="/" className="button">
          {t("errors.backHome")}
        </Link>
      </p>
    </div>
  );
}

/** Friendly, translated error pages; never a stack trace. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRootData();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  if (!data) return <h1>{status}</h1>;
  return <ErrorMessage status={status} />;
}
