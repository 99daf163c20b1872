// SPDX-License-Identifier: Apache-2.0
/// The style sheet of `habits report`'s page: light and dark, and a narrow
/// layout for phones. Inline, as the page's Content-Security-Policy allows.
enum ReportStyle {
  static let css = """
    :root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;\
    --card:#f6f8fa;--done:#1a7f37;--miss:#cf222e;--skip:#818b98;--none:#c8d1da;--ring:#0969da}
    @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;\
    --line:#3d444d;--card:#151b23;--done:#3fb950;--miss:#f85149;--skip:#768390;--none:#3d444d;\
    --ring:#58a6ff}}
    *{box-sizing:border-box}
    body{margin:0;background:var(--bg);color:var(--fg);\
    font:18px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
    header,main{max-width:1180px;margin:0 auto;padding:0 16px}
    header{padding-top:16px}
    h1{font-size:28px;margin:0}
    h2{font-size:22px;margin:20px 0 8px}
    .sub{color:var(--muted);margin:2px 0 0;font-size:16px}
    .scroll{overflow-x:auto}
    table{border-collapse:collapse}
    th,td{padding:6px 10px;text-align:center;border-bottom:1px solid var(--line);white-space:nowrap}
    tbody th{text-align:left;font-weight:600}
    thead th{font-size:15px;color:var(--muted);font-weight:600;vertical-align:bottom}
    thead small{display:block;font-weight:400}
    abbr{text-decoration:none}
    td.c{font-size:20px;min-width:36px}
    td.d{color:var(--done)}td.m{color:var(--miss)}td.s,td.n{color:var(--skip)}
    td.t{outline:2px solid var(--ring);outline-offset:-4px}
    .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    .legend{color:var(--muted);font-size:15px;display:flex;flex-wrap:wrap;gap:4px 16px;margin:8px 0}
    .legend b{font-weight:400;color:var(--fg)}
    .opening p{margin:4px 0;font-size:19px}
    .lines{margin:8px 0;padding-left:20px;color:var(--muted);font-size:16px}
    .habit{background:var(--card);border:1px solid var(--line);border-radius:8px;\
    padding:12px 16px;margin:12px 0}
    .habit h3{margin:0;font-size:21px}
    .habit h3 small{color:var(--muted);font-weight:400;font-size:15px}
    .desc{margin:2px 0 0;color:var(--muted);font-size:16px}
    .stats{display:flex;flex-wrap:wrap;gap:8px 28px;margin:10px 0}
    .stats dt{font-size:14px;color:var(--muted)}
    .stats dd{margin:0;font-size:22px;font-weight:600}
    .charts{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}
    figure{margin:0;min-width:0;max-width:100%}
    figcaption{font-size:14px;color:var(--muted);margin-bottom:2px}
    .years{overflow-x:auto;direction:rtl}
    .heat{direction:ltr;display:block}
    .line{display:block;max-width:100%;height:auto}
    svg text{font-size:10px;fill:var(--muted)}
    rect.d{fill:var(--done);width:11px;height:11px}
    rect.m{fill:none;stroke:var(--miss);stroke-width:1.5px;width:9px;height:9px}
    rect.s{fill:var(--skip);width:11px;height:3px}
    rect.p{fill:none;stroke:var(--ring);stroke-width:2px;width:9px;height:9px}
    rect.n{fill:var(--none);width:5px;height:5px}
    .line line{stroke:var(--line)}
    .line polyline{fill:none;stroke:var(--done);stroke-width:2px}
    .line circle{fill:var(--done)}
    @media (max-width:900px){.wide{display:none}}
    @media (max-width:640px){body{font-size:16px}h1{font-size:22px}\
    th,td{padding:5px 3px}tbody th{white-space:normal;font-size:15px;min-width:6em}\
    td.c{min-width:24px;font-size:17px}.stats{gap:6px 20px}.habit{padding:10px 12px}}
    """
}
