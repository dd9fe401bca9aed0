// Hostile text cannot become live markup. A corpus of injection strings
// (script tags, </style> breakouts, event handlers, javascript: and file:
// URLs, SVG payloads, CSS url()/@import) is put into every text field of a
// strategy, its risks, the commentary and the report options; every report
// is then parsed as a browser would (libxml2's HTML parser) and checked for
// elements, attributes and CSS that barometer never writes itself. A PDF
// printed from it must show no text the payloads would produce if they ran
// (labelled "chromium"; skipped without the browser).
#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "fixture.h"
#include "report/report.h"
#include "strategy/internal/fields.h"
#include "test_util.h"

namespace barometer::report {
namespace {

namespace fs = std::filesystem;

// The file a hostile iframe would pull into the PDF; its text must not appear.
const std::string kSecretFile =
    "/tmp/barometer-injection-secret-" + std::to_string(::getpid()) + ".txt";
const std::string kSecretText = "SECRETCANARY";

// Each payload, if it ran, would put a canary into the page that does not
// appear in its own text: String.fromCharCode spells "JSRAN"; the CSS escape
// "\43 SSRAN" spells "CSSRAN".
std::vector<std::string> Payloads() {
  return {
      "<script>document.write(String.fromCharCode(74,83,82,65,78))</script>",
      "</style><script>document.write(String.fromCharCode(74,83,82,65,78))</script><style>",
      "\"}</style><iframe src=\"file://" + kSecretFile + "\"></iframe><style>",
      "<img src=x onerror=\"document.write(String.fromCharCode(74,83,82,65,78))\">",
      "\" onmouseover=\"alert(1)\" x=\"",
      "' onfocus='alert(1)' autofocus x='",
      "<a href=\"javascript:alert(1)\">click</a>",
      "<iframe src=\"file:///etc/passwd\"></iframe>",
      "<object data=\"file://" + kSecretFile + "\"></object>",
      "<svg onload=\"alert(1)\"><script>alert(1)</script></svg>",
      "</text></svg><svg><foreignObject><iframe src=\"file://" + kSecretFile +
          "\"/></foreignObject></svg>",
      "]]><!-- --><![CDATA[",
      "\";}body::after{content:\"\\43 SSRAN\"}@import url(file://" + kSecretFile + ");a{b:\"",
      "\\\";}@import 'file://" + kSecretFile + "';",
      "x\ny\"} body{background:url(file://" + kSecretFile + ")} p{\"",
      "expression(alert(1)) url(javascript:alert(1))",
      "<base href=\"file:///\"><link rel=stylesheet href=\"file://" + kSecretFile + "\">",
      "<meta http-equiv=\"refresh\" content=\"0;url=file://" + kSecretFile + "\">",
      "&lt;script&gt; &#60;script&#62; %3Cscript%3E",
  };
}

// Keys that hold ids, references or parsed values, not prose: an injection
// there is a validation error (tested in strategy), and ids reach the HTML
// only through internal::Id (letters, digits, _).
const std::set<std::string, std::less<>>& NotProse() {
  static const std::set<std::string, std::less<>> k = {"id",
                                                       "priority",
                                                       "objective",
                                                       "objectives",
                                                       "committee",
                                                       "lead",
                                                       "owner",
                                                       "chair",
                                                       "holder",
                                                       "peer_group",
                                                       "headline_measure",
                                                       "components",
                                                       "priorities",
                                                       "also_objectives",
                                                       "period",
                                                       "year",
                                                       "start",
                                                       "end",
                                                       "serves",
                                                       "parent",
                                                       "indicator",
                                                       "committees",
                                                       "by",
                                                       "due",
                                                       "measures",
                                                       "segments",
                                                       "op",
                                                       "per",
                                                       "unit",
                                                       "change_unit"};
  return k;
}

// Puts a payload into every prose string of a model (the TOML reader's own
// list of fields, so a field added later is covered too).
class Poisoner {
 public:
  explicit Poisoner(const std::vector<std::string>& p) : payloads_(p) {}

  template <typename T>
  void operator()(std::string_view key, T& field, unsigned = 0) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (!NotProse().contains(key)) field = Next();
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      if (!NotProse().contains(key))
        for (std::string& s : field) s = Next();
    } else if constexpr (std::is_base_of_v<strategy::Element, T>) {
      strategy::VisitFields(*this, field);
    } else if constexpr (IsOptional<T>::value) {
      if (field) (*this)(key, *field);
    } else if constexpr (IsVector<T>::value) {
      for (auto& item : field) (*this)(key, item);
    }
  }
  std::string Next() { return payloads_[i_++ % payloads_.size()]; }

 private:
  template <typename T>
  struct IsOptional : std::false_type {};
  template <typename T>
  struct IsOptional<std::optional<T>>
      : std::bool_constant<std::is_base_of_v<strategy::Element, T>> {};
  template <typename T>
  struct IsVector : std::false_type {};
  template <typename T>
  struct IsVector<std::vector<T>> : std::bool_constant<std::is_base_of_v<strategy::Element, T>> {};

  const std::vector<std::string>& payloads_;
  size_t i_ = 0;
};

// Elements barometer writes itself; anything else is live markup from text.
const std::set<std::string>& AllowedElements() {
  static const std::set<std::string> k = {
      "html",   "head",     "meta",       "title",      "style",   "body",    "main",     "header",
      "footer", "nav",      "section",    "article",    "div",     "span",    "p",        "h1",
      "h2",     "h3",       "h4",         "ul",         "ol",      "li",      "dl",       "dt",
      "dd",     "a",        "table",      "caption",    "thead",   "tbody",   "tr",       "th",
      "td",     "figure",   "figcaption", "blockquote", "strong",  "em",      "small",    "br",
      "abbr",   "svg",      "g",          "desc",       "rect",    "line",    "path",     "circle",
      "text",   "polyline", "polygon",    "tspan",      "defs",    "pattern", "clippath", "ellipse",
      "sup",    "sub",      "b",          "i",          "details", "summary", "hr",       "marker"};
  return k;
}

void CheckNode(xmlNode* n, std::vector<std::string>& problems, int& styles, int& policies) {
  for (; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    std::string name = reinterpret_cast<const char*>(n->name);
    if (!AllowedElements().contains(name)) problems.push_back("element <" + name + ">");
    for (xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      std::string an = reinterpret_cast<const char*>(a->name);
      xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
      std::string value = v ? reinterpret_cast<const char*>(v) : "";
      xmlFree(v);
      if (an.size() > 2 && (an[0] == 'o' || an[0] == 'O') && (an[1] == 'n' || an[1] == 'N'))
        problems.push_back("event handler " + an + " on <" + name + ">");
      if (an == "src" || an == "style" || an == "srcdoc" || an == "action" || an == "formaction" ||
          an == "data" || an == "autofocus")
        problems.push_back("attribute " + an + " on <" + name + ">");
      if (an == "href" && !value.starts_with("#"))
        problems.push_back("href=\"" + value + "\" on <" + name + ">");
      if (name == "meta" && an == "http-equiv" && value == "Content-Security-Policy") ++policies;
      if (name == "meta" && an == "http-equiv" && value != "Content-Security-Policy")
        problems.push_back("meta http-equiv=" + value);
    }
    if (name == "style") {
      ++styles;
      xmlChar* c = xmlNodeGetContent(n);
      std::string css = c ? reinterpret_cast<const char*>(c) : "";
      xmlFree(c);
      for (const char* bad : {"url(", "@import", "expression(", "</", "javascript:", "file:"})
        if (css.find(bad) != std::string::npos)
          problems.push_back(std::string("stylesheet contains ") + bad);
      // The footer's text lives in one CSS string: the rule around it is ours.
      if (css.find("@bottom-left{content:\"") == std::string::npos ||
          css.find("\";font-family:Arial") == std::string::npos)
        problems.push_back("the footer rule was broken out of");
      continue;
    }
    CheckNode(n->children, problems, styles, policies);
  }
}

// Problems a browser would act on, parsing `html` as it would.
std::vector<std::string> LiveMarkup(const std::string& html) {
  std::vector<std::string> problems;
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), "r.html", "utf-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (doc == nullptr) return {"does not parse"};
  int styles = 0, policies = 0;
  CheckNode(xmlDocGetRootElement(doc), problems, styles, policies);
  xmlFreeDoc(doc);
  if (styles != 1) problems.push_back(std::to_string(styles) + " <style> elements");
  if (policies != 1) problems.push_back(std::to_string(policies) + " security policies");
  // The policy comes before any text from the user.
  size_t csp = html.find(kContentSecurityPolicyMeta);
  if (csp == std::string::npos || csp > html.find("<title")) problems.push_back("policy late");
  return problems;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += s + "\n";
  return out;
}

const Period kPeriod = Period::FinancialQuarter(2024, 3);

struct Hostile {
  strategy::Strategy strategy;
  measures::PeriodRecord evaluation;  // the record every report renders
  ReportOptions options;
  PopulationView population;
};

Hostile MakeHostile(const std::string& example) {
  Hostile h;
  std::vector<std::string> payloads = Payloads();
  Poisoner poison(payloads);
  h.strategy = testing::LoadExample(example);
  EXPECT_FALSE(h.strategy.objectives.empty()) << example << " did not load";
  if (h.strategy.objectives.empty()) return h;
  h.evaluation = testing::FakeRecord(h.strategy, kPeriod);
  // Risks (a risk file's text reaches the BAF).
  strategy::Risk r;
  r.id = "BAF1";
  r.title = "t";
  r.objectives = {h.strategy.objectives.front().id};
  r.controls = {"c", "d"};
  r.assurances = {"a"};
  r.gaps = {"g"};
  r.current = {{}, 4, 5};
  r.target = {{}, 2, 2};
  r.inherent = {{}, 5, 5};
  h.strategy.risks = {r};
  poison("strategy", h.strategy);
  for (measures::MeasureEvaluation& m : h.evaluation.evaluation.measures) {
    m.reason = poison.Next();
    m.name = poison.Next();
    m.owner = poison.Next();
    m.spc_note = poison.Next();
    if (m.commentary) {
      m.commentary->text = poison.Next();
      m.commentary->author = poison.Next();
    }
    if (m.target) m.target->text = poison.Next();
    for (measures::TargetView& t : m.targets) t.text = poison.Next();
    if (m.rank) m.rank->peer_group = poison.Next();
  }
  for (measures::RollUp* r : {&h.evaluation.evaluation.organisation}) r->name = poison.Next();
  for (auto* list : {&h.evaluation.evaluation.objectives, &h.evaluation.evaluation.priorities,
                     &h.evaluation.evaluation.committees})
    for (measures::RollUp& r : *list) r.owner = poison.Next();
  h.evaluation.as_of = poison.Next();
  h.options.risk_note = poison.Next();
  h.options.data_note = poison.Next();
  PaperDetails& paper = h.options.paper;  // the cover sheet (meeting file, options)
  for (std::string* f : {&paper.meeting, &paper.item, &paper.title, &paper.lead_executive,
                         &paper.author, &paper.asked_to})
    *f = poison.Next();
  paper.baf_risks = {poison.Next(), "BAF1"};
  paper.previously_considered = {poison.Next()};
  for (measures::KeyMessage& k : h.evaluation.key_messages) k.text = poison.Next();
  if (h.evaluation.key_messages.empty())
    h.evaluation.key_messages.push_back(
        {measures::KeyMessageSource::kUpdate, "", "", "", "", poison.Next()});
  PopulationView& p = h.population;
  p.area = poison.Next();
  p.period = poison.Next();
  p.population = 200000;
  OutcomeView o;
  o.id = "u75";
  o.name = poison.Next();
  o.definition = poison.Next();
  o.unit = poison.Next();
  o.ambition_text = poison.Next();
  o.verdict = poison.Next();
  o.comparator_name = poison.Next();
  o.decile_title = poison.Next();
  o.decile_period = poison.Next();
  o.sii_groups = poison.Next();
  o.sii_note = poison.Next();
  for (int y = 2015; y <= 2023; ++y) {
    o.area.push_back({static_cast<double>(y), 400.0 - y % 7, 380, 420});
    o.comparator.push_back({static_cast<double>(y), 330});
  }
  for (int d = 1; d <= 10; ++d) o.deciles.push_back({poison.Next(), 500.0 - 20 * d, 480, 520});
  p.outcomes = {o};
  p.segments = {{poison.Next(), 150000, 75, 30, 20}};
  for (int i = 0; i <= 20; ++i) p.lorenz.push_back({i / 20.0, i * i / 400.0});
  p.concentration_measure = poison.Next();
  p.disclosure_note = poison.Next();
  p.data_note = poison.Next();
  return h;
}

std::vector<Document> AllReports(const Hostile& h) {
  std::vector<Document> docs;
  auto add = [&](Result<Document> d) {
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    if (d.ok()) docs.push_back(std::move(d).value());
  };
  add(BoardReport(h.strategy, h.evaluation, h.options));
  for (const strategy::Committee& c : h.strategy.committees) {
    ReportOptions o = h.options;
    o.committee = c.id;
    add(CommitteePack(h.strategy, h.evaluation, o));
  }
  // A strategy without a monthly measure has no IPR (an error, not a report).
  bool monthly = false;
  for (const strategy::Measure& m : h.strategy.measures)
    monthly = monthly || m.frequency == strategy::Frequency::kMonthly;
  if (monthly) add(IntegratedPerformanceReport(h.strategy, h.evaluation, h.options));
  add(BoardAssuranceFramework(h.strategy, h.evaluation, h.options));
  add(PopulationReport(h.population, h.options));
  return docs;
}

TEST(ReportInjection, TheCheckerSeesLiveMarkup) {
  // The checker itself: a page with each kind of breakout is caught.
  std::string ok = RenderPage({"T", "F"}, "<p>x</p>");
  EXPECT_EQ(Join(LiveMarkup(ok)), "");
  std::string page = ok;
  page.replace(page.find("<p>x</p>"), 8,
               "<p onclick=\"x\">x</p><iframe src=\"file:///\"></iframe>");
  EXPECT_NE(Join(LiveMarkup(page)).find("event handler onclick"), std::string::npos);
  EXPECT_NE(Join(LiveMarkup(page)).find("element <iframe>"), std::string::npos);
  std::string css = ok;
  css.replace(css.find("content:\"F\""), 11, "content:\"F\"}</style><script>x</script><style>");
  EXPECT_NE(Join(LiveMarkup(css)).find("element <script>"), std::string::npos);
}

TEST(ReportInjection, FooterTextCannotLeaveItsCssString) {
  for (const std::string& p : Payloads()) {
    std::string page = RenderPage({p, p}, "<p>x</p>");
    EXPECT_EQ(Join(LiveMarkup(page)), "") << p;
  }
}

TEST(ReportInjection, NoPayloadInAnyFieldBecomesLiveMarkupInAnyReport) {
  for (const char* example : {"our-future-together", "uhnm-2025-2035"}) {
    Hostile h = MakeHostile(example);
    std::vector<Document> docs = AllReports(h);
    EXPECT_GE(docs.size(), 3u) << example;
    for (const Document& d : docs) {
      EXPECT_EQ(Join(LiveMarkup(d.html)), "") << example << " " << d.kind;
      // The payloads are there, as text.
      EXPECT_NE(d.html.find("&lt;script&gt;"), std::string::npos) << example << " " << d.kind;
    }
  }
}

TEST(ReportInjection, APdfOfHostileTextShowsNothingThePayloadsWouldProduce) {
  auto chromium = FindChromium();
  if (!chromium) GTEST_SKIP() << "chromium not installed";
  if (testing::Capture("command -v pdftotext").empty()) GTEST_SKIP() << "poppler-utils missing";
  { std::ofstream(kSecretFile) << kSecretText << "\n"; }
  fs::path dir = fs::temp_directory_path() / ("barometer-inject-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  Hostile h = MakeHostile("our-future-together");
  auto d = BoardReport(h.strategy, h.evaluation, h.options);
  ASSERT_TRUE(d.ok());
  std::string pdf = (dir / "board.pdf").string();
  Status s = WriteDocument(*d, OutputFormat::kPdf, pdf, {*chromium, 120});
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string text = testing::Capture("pdftotext '" + pdf + "' -");
  EXPECT_NE(text.find("document.write"), std::string::npos);  // shown as text
  EXPECT_EQ(text.find("JSRAN"), std::string::npos);
  EXPECT_EQ(text.find("CSSRAN"), std::string::npos);
  EXPECT_EQ(text.find(kSecretText), std::string::npos);
  EXPECT_EQ(text.find("root:x:0"), std::string::npos);
  fs::remove_all(dir);
  fs::remove(kSecretFile);
}

TEST(ReportInjection, TheRendererRefusesAPageWithoutThePolicy) {
  auto chromium = FindChromium();
  if (!chromium) GTEST_SKIP() << "chromium not installed";
  fs::path dir = fs::temp_directory_path() / ("barometer-nocsp-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "x.html") << "<html><head><title>x</title></head><body>x</body></html>"; }
  Status s = HtmlToPdf((dir / "x.html").string(), (dir / "x.pdf").string(), {*chromium, 60});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput) << s.ToString();
  EXPECT_FALSE(fs::exists(dir / "x.pdf"));
  // Nor does a copy of the policy in a comment, where it would not apply.
  {
    std::ofstream(dir / "y.html") << "<html><head><!--\n<meta charset=\"utf-8\">\n"
                                  << kContentSecurityPolicyMeta << "--><title>x</title></head>";
  }
  s = HtmlToPdf((dir / "y.html").string(), (dir / "y.pdf").string(), {*chromium, 60});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput) << s.ToString();
  fs::remove_all(dir);
}

TEST(ReportInjection, ThePrintedPageRunsNoScriptAndReadsNoOtherFile) {
  // A page that carries the policy and still holds a script and an iframe
  // (as if escaping had failed) prints neither's effect.
  auto chromium = FindChromium();
  if (!chromium) GTEST_SKIP() << "chromium not installed";
  if (testing::Capture("command -v pdftotext").empty()) GTEST_SKIP() << "poppler-utils missing";
  { std::ofstream(kSecretFile) << kSecretText << "\n"; }
  fs::path dir = fs::temp_directory_path() / ("barometer-js-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string page = "<!DOCTYPE html><html><head>\n<meta charset=\"utf-8\">\n" +
                     std::string(kContentSecurityPolicyMeta) +
                     "<title>t</title><style>p{}</style></head><body><p>visible"
                     "</p><script>document.write(String.fromCharCode(74,83,82,65,78))</script>"
                     "<iframe src=\"file://" +
                     kSecretFile + "\"></iframe></body></html>";
  { std::ofstream(dir / "x.html") << page; }
  Status s = HtmlToPdf((dir / "x.html").string(), (dir / "x.pdf").string(), {*chromium, 60});
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string text = testing::Capture("pdftotext '" + (dir / "x.pdf").string() + "' -");
  EXPECT_NE(text.find("visible"), std::string::npos);
  EXPECT_EQ(text.find("JSRAN"), std::string::npos);
  EXPECT_EQ(text.find(kSecretText), std::string::npos);
  fs::remove_all(dir);
  fs::remove(kSecretFile);
}

}  // namespace
}  // namespace barometer::report
