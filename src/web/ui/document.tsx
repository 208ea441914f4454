import type { ComponentChildren } from 'preact';

export interface DocumentProps {
  title: string;
  lang?: string;
  /** Versioned stylesheet URLs, in cascade order. */
  stylesheets: readonly string[];
  /** Working pages, print views and error pages are never indexed. */
  noindex?: boolean;
  children: ComponentChildren;
}

/**
 * A bare HTML document in the KERN theme: for print views (also the PDFs' source) and error pages, and the frame the
 * editor's pages can share. No header, navigation or scripts; a page with those uses the portal's Layout.
 */
export function Document({ title, lang = 'de', stylesheets, noindex = true, children }: DocumentProps) {
  return (
    <html lang={lang} data-kern-theme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {noindex && <meta name="robots" content="noindex" />}
        <title>{title}</title>
        {stylesheets.map((url) => (
          <link rel="stylesheet" href={url} />
        ))}
      </head>
      <body>{children}</body>
    </html>
  );
}
