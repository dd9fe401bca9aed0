// Reading a report's HTML as a browser would (libxml2's HTML parser), for
// tests that check what a page shows rather than how the markup is spelt.
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace barometer::report::testing {

struct HtmlDoc {
  explicit HtmlDoc(const std::string& html)
      : doc(htmlReadMemory(html.data(), static_cast<int>(html.size()), "r.html", "utf-8",
                           HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
            xmlFreeDoc) {}
  xmlNode* root() const { return doc ? xmlDocGetRootElement(doc.get()) : nullptr; }
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc;
};

// The text content of a node and everything in it.
inline std::string Text(xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

inline std::string Attr(xmlNode* n, const char* name) {
  xmlChar* c = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string v = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return v;
}

inline bool HasClass(xmlNode* n, std::string_view cls) {
  return (" " + Attr(n, "class") + " ").find(" " + std::string(cls) + " ") != std::string::npos;
}

// Every element `tag` (with class `cls`, when given) at or under the nodes from `n` on.
inline void Find(xmlNode* n, std::string_view tag, std::string_view cls,
                 std::vector<xmlNode*>& out) {
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && reinterpret_cast<const char*>(n->name) == tag &&
        (cls.empty() || HasClass(n, cls)))
      out.push_back(n);
    Find(n->children, tag, cls, out);
  }
}
inline std::vector<xmlNode*> FindAll(xmlNode* n, std::string_view tag, std::string_view cls = {}) {
  std::vector<xmlNode*> out;
  if (n) Find(n->children, tag, cls, out);
  return out;
}

}  // namespace barometer::report::testing
