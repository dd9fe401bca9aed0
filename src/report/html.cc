#include "report/html.h"

#include <cmath>

#include "core/text.h"
#include "report/internal/canvas.h"

namespace barometer::report {
namespace {

constexpr std::string_view kCss = R"CSS(
:root{--blue:#005EB8;--dark-blue:#003087;--text:#212B32;--secondary:#4C6272;--border:#D8DDE0;--pale:#F0F4F5;--grey:#425563}
*{box-sizing:border-box}
html{font-family:Arial,"Liberation Sans",Helvetica,sans-serif;color:var(--text);font-size:15px;line-height:1.45;background:#fff;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0}
main{max-width:1040px;margin:0 auto;padding:0 28px 48px}
h1,h2,h3,h4{line-height:1.2;margin:0 0 .5em;color:var(--text)}
h1{font-size:2.1rem}
h2{font-size:1.55rem;margin-top:1.6em;padding-bottom:.3em;border-bottom:4px solid var(--blue)}
h3{font-size:1.2rem;margin-top:1.3em}
h4{font-size:1.02rem;margin:0}
p{margin:0 0 .7em}
.muted{color:var(--secondary)}
.small{font-size:.85rem}
.cover{background:var(--blue);color:#fff;margin:0 -28px;padding:40px 44px 36px;min-height:0}
.cover h1,.cover p,.cover h2{color:#fff}
.cover .headline p,.cover .banner{color:var(--text)}
.cover .org{font-size:1.05rem;font-weight:700;letter-spacing:.02em;margin-bottom:22px;text-transform:uppercase}
.cover .kind{font-size:1.2rem;margin-bottom:4px}
.cover h1{font-size:2.5rem;margin-bottom:6px}
.cover .period{font-size:1.25rem;margin-bottom:22px}
.cover blockquote{margin:0;padding:14px 18px;border-left:6px solid #fff;background:rgba(0,0,0,.18);font-size:1.1rem}
.cover .banner{margin-top:18px;padding:10px 14px;background:#fff;color:var(--text);font-weight:700;border-left:8px solid #FFB81C}
.sheet{padding:6px 0 0}
.sheet .org{color:var(--blue);font-weight:700;text-align:right;font-size:1.05rem;margin:0 0 10px}
.sheet .meeting{font-size:1.05rem;font-weight:700;margin:0 0 2px;color:var(--secondary)}
.sheet h1{font-size:1.6rem;margin:.1em 0 .5em}
.sheet h2{font-size:1.15rem;margin-top:.9em}
.sheet .banner{padding:8px 12px;background:#FFF8E6;color:var(--text);font-weight:700;border-left:8px solid #FFB81C}
table.coversheet{font-size:.92rem;margin:6px 0 10px}
table.coversheet caption{position:absolute;left:-9999px}
table.coversheet th{width:27%;background:var(--pale);border-bottom:1px solid var(--border);font-weight:700}
table.coversheet td,table.coversheet th{padding:5px 10px;border:1px solid var(--border)}
.not-given{color:var(--secondary);font-style:italic}
.purpose .box{margin-right:14px;white-space:nowrap;color:var(--secondary)}
.purpose .box.on{color:var(--text);font-weight:700}
.sr{position:absolute;left:-9999px}
.ask{background:var(--pale);border-left:6px solid var(--blue);padding:8px 14px;margin:10px 0}
.ask h2{border:0;margin:0 0 4px;padding:0;font-size:1.05rem}
.ask p{margin:0}
.key-messages ol{margin:0 0 4px;padding-left:1.4em}
.key-messages li{margin-bottom:5px}
.key-messages a{color:var(--text)}
.glance{break-inside:avoid}
.glance h2{margin-top:.6em}
.glance .tiles{margin:6px 0;grid-template-columns:repeat(auto-fit,minmax(70px,1fr));gap:6px}
.glance .tile{padding:4px 8px;border-top-width:5px}
.glance .tile .n{font-size:1.3rem}
.glance .tile .l{font-size:.75rem;line-height:1.2}
.asof{color:var(--text);font-size:.88rem}
.rule{font-size:.9rem;color:var(--text);background:var(--pale);padding:6px 10px}
.exception{border:1px solid var(--border);border-left:6px solid #D5281B;padding:10px 14px;margin:10px 0 14px;break-inside:avoid}
.exception.warn{border-left-color:#FFB81C}
.exception h3{margin:0 0 4px;font-size:1.05rem}
.exception dl{display:grid;grid-template-columns:9em 1fr;gap:2px 10px;margin:6px 0}
.exception dt{font-weight:700;color:var(--secondary);font-size:.85rem}
.exception dd{margin:0}
.no-update{color:#D5281B;font-weight:700}
table.summary tr.group th{background:var(--dark-blue);color:#fff;font-size:.9rem}
table.summary td{vertical-align:middle}
table.summary svg.icon{vertical-align:middle}
.values{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0 0;padding:0;list-style:none}
.values li{background:rgba(255,255,255,.16);border:1px solid rgba(255,255,255,.5);padding:4px 12px;border-radius:4px;font-size:.9rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:10px;margin:20px 0}
.tile{border:1px solid var(--border);border-top:6px solid var(--grey);padding:10px 12px;background:#fff}
.tile .n{font-size:2rem;font-weight:700;line-height:1.1}
.tile .l{font-size:.85rem;color:var(--secondary)}
.tile.good{border-top-color:#007F3B}.tile.warn{border-top-color:#FFB81C}.tile.bad{border-top-color:#D5281B}.tile.info{border-top-color:var(--dark-blue)}
.callout{background:var(--pale);border-left:6px solid var(--blue);padding:12px 16px;margin:14px 0}
.callout.warn{border-left-color:#FFB81C;background:#FFF8E6}
.pill{display:inline-block;padding:1px 10px;border-radius:999px;font-weight:700;font-size:.8rem;white-space:nowrap;border:1px solid transparent;line-height:1.5}
.pill .sym{margin-right:.35em}
.pill.good{background:#007F3B;color:#fff}
.pill.warn{background:#FFB81C;color:#212B32}
.pill.bad{background:#D5281B;color:#fff}
.pill.neutral{background:#fff;color:#212B32;border-color:#768692}
.pill.info{background:var(--dark-blue);color:#fff}
table{border-collapse:collapse;width:100%;font-size:.86rem;margin:8px 0 16px}
caption{text-align:left;font-weight:700;padding:4px 0 6px;font-size:.95rem}
th{background:var(--pale);text-align:left;font-weight:700;border-bottom:2px solid var(--grey)}
th,td{padding:6px 8px;border-bottom:1px solid var(--border);vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.priority-head{background:var(--dark-blue);color:#fff;margin:28px -28px 0;padding:18px 28px 14px}
.priority-head h2{color:#fff;border:0;margin:0 0 4px;padding:0}
.priority-head p{margin:0;color:#fff}
.priority-head .meta{font-size:.9rem;opacity:.95;margin-top:6px}
.objective{margin-top:22px}
.objective>h3{border-left:6px solid var(--blue);padding-left:10px}
.objective .meta{color:var(--secondary);font-size:.88rem;margin:-4px 0 8px 16px}
.measure{border:1px solid var(--border);border-left:6px solid var(--grey);padding:12px 16px 8px;margin:12px 0 18px;background:#fff;break-inside:avoid}
.measure.good{border-left-color:#007F3B}.measure.warn{border-left-color:#FFB81C}.measure.bad{border-left-color:#D5281B}.measure.info{border-left-color:var(--dark-blue)}
.measure-head{display:flex;justify-content:space-between;gap:12px;align-items:flex-start}
.facts{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin:10px 0;padding:0}
.facts div{background:var(--pale);padding:6px 10px}
.facts dt{font-size:.75rem;color:var(--secondary);text-transform:uppercase;letter-spacing:.03em}
.facts dd{margin:0;font-weight:700;font-size:1.02rem}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:4px 16px}
.measure .message{margin:4px 0 2px;font-size:.95rem}
.measure .subtitle{margin:2px 0}
.data-flags{margin:2px 0 4px;padding-left:1.1em;color:var(--secondary)}
.facts .nd{font-weight:400}
.milestones{margin:4px 0;padding-left:1.4em}
.milestones li{margin:3px 0}
.milestones .due{font-weight:700}
.charts figure.wide{grid-column:1 / -1}
.headline{background:#fff;color:var(--text);padding:16px 20px 8px;margin-top:28px}
.headline h2{color:var(--text);border:0;margin:0 0 4px;padding:0;font-size:1.15rem}
.headline .tiles{margin:10px 0}
figure{margin:6px 0 8px;break-inside:avoid}
figcaption{font-size:.8rem;color:var(--secondary);margin-top:2px}
svg.chart{width:100%;height:auto;display:block;font-family:Arial,"Liberation Sans",Helvetica,sans-serif}
svg.icon{vertical-align:middle}
.commentary{border-left:4px solid var(--border);padding:4px 12px;margin:8px 0;color:var(--text)}
.commentary .who{font-size:.8rem;color:var(--secondary)}
.matrix{table-layout:fixed}
.matrix td{text-align:left}
.matrix th[scope=row]{white-space:nowrap}
.matrix ul{margin:0;padding-left:1.1em}
.thread ul{margin:2px 0 6px;padding-left:1.2em}
.flag{color:#D5281B;font-weight:700}
.legend-row{display:flex;flex-wrap:wrap;gap:14px;align-items:center;font-size:.85rem;margin:6px 0 12px}
.two-col{display:grid;grid-template-columns:1fr 1fr;gap:18px;align-items:start}
.section-break{break-before:page}
footer.doc{margin-top:40px;padding-top:10px;border-top:1px solid var(--border);font-size:.8rem;color:var(--secondary)}
@media (max-width:760px){.facts{grid-template-columns:1fr 1fr}.two-col{grid-template-columns:1fr}}
@media print{
 html{font-size:10pt}
 main{max-width:none;padding:0}
 .cover{margin:0;padding:14mm 10mm;break-after:page;display:flex;flex-direction:column}
 .cover .headline{margin-top:auto}
 .sheet{break-after:page;font-size:9.5pt}
 .sheet h2{margin-top:.7em}
 .priority-head{margin:0 0 8px;padding:12px 14px 10px}
 .priority{break-before:page}
 .section-break{break-before:page}
 figure,tr,.tile,.charts,.card-top,.milestones{break-inside:avoid}
 /* A card may break between its blocks (never inside a chart or the facts),
    so a heading and the card after it share a page rather than leave most
    of one empty; the headings, meta lines and a card's head keep with what
    follows them. */
 .measure{break-inside:auto}
 h2,h3,h4,.meta,.priority-head,.card-top{break-after:avoid}
 thead{display:table-header-group}
 .facts{grid-template-columns:repeat(4,1fr)}
}
)CSS";

}  // namespace

std::string Esc(std::string_view s) { return internal::XmlEscape(s); }

std::string_view ToneClass(Tone t) {
  switch (t) {
    case Tone::kGood:
      return "good";
    case Tone::kWarn:
      return "warn";
    case Tone::kBad:
      return "bad";
    case Tone::kInfo:
      return "info";
    case Tone::kNeutral:
      break;
  }
  return "neutral";
}

std::string Pill(std::string_view label, Tone tone) {
  return "<span class=\"pill " + std::string(ToneClass(tone)) + "\">" + Esc(label) + "</span>";
}

std::string Stylesheet(std::string_view footer) {
  std::string css(kCss);
  css += "@page{size:A4;margin:14mm 13mm 16mm 13mm;@bottom-left{content:\"" +
         CssStringEscape(footer) +
         "\";font-family:Arial,\"Liberation Sans\",sans-serif;font-size:8pt;color:#4C6272}"
         "@bottom-right{content:\"Page \" counter(page) \" of \" counter(pages);font-family:Arial,"
         "\"Liberation Sans\",sans-serif;font-size:8pt;color:#4C6272}}\n"
         "\n";
  return css;
}

std::string RenderPage(const PageMeta& meta, std::string_view body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + Esc(meta.lang) + "\">\n<head>\n";
  out += "<meta charset=\"utf-8\">\n";
  out += std::string(kContentSecurityPolicyMeta) + "\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"barometer\">\n";
  out += "<title>" + Esc(meta.title) + "</title>\n<style>" + Stylesheet(meta.footer) +
         "</style>\n</head>\n<body>\n<main>\n";
  out += body;
  out += "\n</main>\n</body>\n</html>\n";
  return out;
}

std::string RenderTable(const HtmlTable& t) {
  std::string out = "<table";
  if (!t.css_class.empty()) out += " class=\"" + Esc(t.css_class) + "\"";
  out += ">";
  if (!t.caption.empty()) out += "<caption>" + Esc(t.caption) + "</caption>";
  out += "<thead><tr>";
  for (size_t j = 0; j < t.headers.size(); ++j) {
    bool num = j < t.numeric.size() && t.numeric[j];
    out += std::string("<th scope=\"col\"") + (num ? " class=\"num\"" : "") + ">" + t.headers[j] +
           "</th>";
  }
  out += "</tr></thead><tbody>";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (size_t j = 0; j < row.size(); ++j) {
      bool num = j < t.numeric.size() && t.numeric[j];
      out += std::string("<td") + (num ? " class=\"num\"" : "") + ">" + row[j] + "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  return out;
}

std::string RenderDataTable(const DataTable& t) {
  HtmlTable h;
  h.caption = t.title;
  for (const TableColumn& c : t.columns) h.headers.push_back(Esc(c.name));
  h.numeric.assign(t.columns.size(), false);
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (size_t j = 0; j < t.columns.size(); ++j) {
      const Cell* c = j < row.size() ? &row[j] : nullptr;
      if (c == nullptr || std::holds_alternative<std::monostate>(*c)) {
        cells.push_back("");
      } else if (const double* d = std::get_if<double>(c)) {
        h.numeric[j] = true;
        cells.push_back(internal::Num(*d, t.columns[j].decimals < 0 ? 2 : t.columns[j].decimals));
      } else {
        cells.push_back(Esc(std::get<std::string>(*c)));
      }
    }
    h.rows.push_back(std::move(cells));
  }
  return RenderTable(h);
}

}  // namespace barometer::report
