/** The page shell: head, navigation, language switch, the one-time message, then the page. */
import type { Flash } from "../flash.js";
import { html, type SafeHtml, safeHref } from "../html.js";
import type { Texts } from "../i18n.js";
import { intentTitle, type ViewContext, when } from "./common.js";

export type NavKey = "paste" | "queue" | "history" | "status" | "report" | "surges" | "intents";

const NAV: Array<{ key: NavKey; href: string }> = [
  { key: "paste", href: "/" },
  { key: "queue", href: "/queue" },
  { key: "history", href: "/history" },
  { key: "status", href: "/status" },
  { key: "report", href: "/report" },
  { key: "surges", href: "/surges" },
  { key: "intents", href: "/intents" },
];

export interface PageOptions {
  title: string;
  active?: NavKey;
  body: SafeHtml;
}

export function layout(ctx: ViewContext, page: PageOptions): SafeHtml {
  const { t } = ctx;
  const other = new URL(ctx.url.href);
  other.searchParams.set("lang", t.switchLangTo);
  other.searchParams.delete("token");
  const nav = NAV.map(({ key, href }) => {
    const current = page.active === key;
    const count =
      key === "queue" && ctx.pendingCount
        ? html` <span class="count" data-pending-count>${ctx.pendingCount}</span>${
            ctx.overdueCount
              ? html` <span class="count alert" data-overdue-count title="${t.work.overdueCount(ctx.overdueCount)}">${ctx.overdueCount}</span>`
              : html` <span class="count alert" data-overdue-count hidden></span>`
          }`
        : key === "surges" && ctx.surges?.length
          ? html` <span class="count alert">${ctx.surges.length}</span>`
          : "";
    return html`<a href="${href}"${current ? html` aria-current="page"` : ""}>${t.nav[key]}${count}</a>`;
  });
  return html`<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title} · Sincerely</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/console.js" defer></script>
</head>
<body data-live="${ctx.pendingCount !== undefined ? "1" : ""}" data-live-since="${ctx.liveSince ?? ""}">
<a class="skip" href="#main">${t.skipToContent}</a>
<header class="top">
  <div class="top-inner">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">S</span><span>Sincerely</span><span class="tagline">${t.tagline}</span></a>
    <nav aria-label="Sincerely">${nav}</nav>
    <a class="me" href="/me" title="${t.work.whoAmI}" data-me>${ctx.user?.name ?? t.work.me}</a>
    <a class="lang" href="${safeHref(other.pathname + other.search)}" hreflang="${t.switchLangTo}">${t.switchLang}</a>
  </div>
</header>
${page.active === "surges" ? "" : surgeBanner(ctx)}
<main id="main">
${ctx.flash ? flashBox(ctx.flash) : ""}
${page.body}
</main>
</body>
</html>
`;
}

/** While a surge is on, every page says so (intent, count, since when) and links to /surges. */
function surgeBanner(ctx: ViewContext): SafeHtml | "" {
  const surges = ctx.surges ?? [];
  if (surges.length === 0) return "";
  const { t } = ctx;
  return html`<div class="surge-banner" role="status" data-surge-banner>
  <div class="surge-banner-inner">${surges.map(
    (s) =>
      html`<p data-surge="${s.intent}"><span class="surge-icon" aria-hidden="true">▲</span> ${t.surges.banner(intentTitle(ctx, s.intent), s.count, s.rule.windowMinutes, when(ctx, s.startedAt))} <a class="surge-link" href="/surges#surge-${s.intent}">${t.surges.bannerLink} →</a></p>`,
  )}</div>
</div>`;
}

function flashBox(flash: Flash): SafeHtml {
  const role = flash.kind === "error" ? "alert" : "status";
  return html`<div class="flash flash-${flash.kind}" role="${role}" data-flash>
  <strong>${flash.title}</strong>${flash.detail ? html`<span class="flash-detail">${flash.detail}</span>` : ""}
  ${flash.problems?.length ? html`<ul class="problems">${flash.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ""}
</div>`;
}

export function errorPage(ctx: ViewContext, status: number, detail?: string): SafeHtml {
  const t: Texts = ctx.t;
  const message = t.errors[String(status)] ?? t.errors["400"];
  return layout(ctx, {
    title: `${status} ${t.errors.title}`,
    body: html`<section class="panel-box error-page">
  <h1>${status}</h1>
  <p>${message}</p>
  ${detail ? html`<p class="muted">${detail}</p>` : ""}
  <p><a href="/">${t.errors.home}</a></p>
</section>`,
  });
}
