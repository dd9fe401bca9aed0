// `barometer synth population`: writes a synthetic patient-level extract in
// the population data contract, all or nothing (into DIR.tmp-XXXXXX, then
// renamed to DIR), with a progress bar on a terminal and a summary at the end.
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/diagnostics.h"
#include "core/progress.h"
#include "population/extract.h"
#include "synth/population.h"

namespace barometer::cli {
namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_interrupted{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void OnInterrupt(int sig) {
  g_signal = sig;
  g_interrupted.store(true);
}

struct Args {
  std::string people;
  uint64_t seed = 1;
  std::string profile = "mixed-county";
  std::string out;
  int threads = 0;
  bool force = false;
  std::string format = "text";
  bool cache = false;
};

// "200000", "200k", "3M" (k = thousand, M = million).
std::optional<uint64_t> ParsePeople(std::string_view s) {
  uint64_t scale = 1;
  if (!s.empty() && (s.back() == 'k' || s.back() == 'K')) scale = 1'000;
  if (!s.empty() && s.back() == 'M') scale = 1'000'000;
  if (scale != 1) s.remove_suffix(1);
  if (s.empty() || s.size() > 12) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v * scale;
}

std::string HumanBytes(uint64_t b) {
  if (b < 1'000) return fmt::format("{} B", b);
  if (b < 1'000'000) return fmt::format("{:.1f} KB", b / 1e3);
  if (b < 1'000'000'000) return fmt::format("{:.1f} MB", b / 1e6);
  return fmt::format("{:.2f} GB", b / 1e9);
}

std::string Grouped(uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(i, ",");
  return s;
}

void PrintSummary(const Args& a, const synth::PopulationOptions& o,
                  const synth::PopulationSummary& s, double seconds) {
  if (a.format == "json") {
    nlohmann::json j = {{"out", a.out},
                        {"profile", a.profile},
                        {"seed", o.seed},
                        {"people", s.people},
                        {"births", s.births},
                        {"deaths", s.deaths},
                        {"moved_out", s.moved_out},
                        {"seconds", seconds},
                        {"files", nlohmann::json::array()}};
    for (const synth::WrittenFile& f : s.files) {
      j["files"].push_back({{"name", f.name}, {"rows", f.rows}, {"bytes", f.bytes}});
    }
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  uint64_t total = 0;
  for (const synth::WrittenFile& f : s.files) total += f.bytes;
  std::printf("Wrote a synthetic population (%s, seed %llu) to %s in %.1f s\n", a.profile.c_str(),
              static_cast<unsigned long long>(o.seed), a.out.c_str(), seconds);
  std::printf("  people %s: births %s, deaths %s, moved out %s (window %d-%d)\n",
              Grouped(s.people).c_str(), Grouped(s.births).c_str(), Grouped(s.deaths).c_str(),
              Grouped(s.moved_out).c_str(), synth::kWindowFirstYear, synth::kWindowLastYear);
  for (const synth::WrittenFile& f : s.files) {
    std::printf("  %-15s %14s rows %12s\n", f.name.c_str(), Grouped(f.rows).c_str(),
                HumanBytes(f.bytes).c_str());
  }
  std::printf("  %-15s %14s %17s (%.0f people/s)\n", "total", "", HumanBytes(total).c_str(),
              seconds > 0 ? s.people / seconds : 0.0);
}

// Where the extract goes: DIR must not exist, or be empty, or --force.
int CheckOut(const Args& a) {
  std::error_code ec;
  fs::path out(a.out);
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) {
      std::fprintf(stderr, "error: --out %s exists and is not a directory\n", a.out.c_str());
      return kExitUsage;
    }
    if (!a.force && !fs::is_empty(out, ec)) {
      std::fprintf(stderr,
                   "error: --out %s already exists and is not empty; choose a new directory or "
                   "pass --force to replace it\n",
                   a.out.c_str());
      return kExitUsage;
    }
  }
  fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec)) {
    std::fprintf(stderr, "error: cannot write %s: the directory %s does not exist\n", a.out.c_str(),
                 parent.string().c_str());
    return kExitIo;
  }
  return kExitOk;
}

// Moves the finished temporary directory to DIR, replacing an old DIR if any.
int Publish(const std::string& tmp, const Args& a) {
  std::error_code ec;
  fs::path out(a.out);
  std::string old;
  if (fs::exists(out, ec)) {
    old = a.out + ".old-" + tmp.substr(tmp.size() - 6);
    fs::rename(out, old, ec);
    if (ec) {
      std::fprintf(stderr, "error: cannot replace %s: %s\n", a.out.c_str(), ec.message().c_str());
      fs::remove_all(tmp, ec);
      return kExitIo;
    }
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    std::fprintf(stderr, "error: cannot rename %s to %s: %s\n", tmp.c_str(), a.out.c_str(),
                 ec.message().c_str());
    fs::remove_all(tmp, ec);
    return kExitIo;
  }
  if (!old.empty()) fs::remove_all(old, ec);
  return kExitOk;
}

// --cache: loads the new extract as `population check` would (every row
// validated) and writes its binary cache, so the first population command
// maps columns instead of parsing CSV. Memory is the loader's (about 1.35x
// the columns: docs/performance.md), not the generator's flat 20 MB.
int WriteCache(const Args& a) {
  std::fprintf(stderr, "synth population: validating %s and writing its binary cache\n",
               a.out.c_str());
  auto start = std::chrono::steady_clock::now();
  population::LoadOptions lo;
  lo.use_cache = true;
  lo.threads = a.threads;
  Diagnostics problems;
  auto x = population::LoadExtract(a.out, lo, &problems);
  for (const Diagnostic& d : problems.items()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
  if (!x.ok()) {
    std::fprintf(stderr, "error: the extract was written but its cache was not: %s\n",
                 x.status().ToString().c_str());
    return x.status().code() == StatusCode::kIo ? kExitIo : kExitInternal;
  }
  std::error_code ec;
  uintmax_t bytes = fs::file_size(a.out + "/.barometer-cache", ec);
  if (ec) {
    std::fprintf(stderr, "error: the cache of %s was not written (%s)\n", a.out.c_str(),
                 ec.message().c_str());
    return kExitIo;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "synth population: cache %s/.barometer-cache (%s) in %.1f s\n",
               a.out.c_str(), HumanBytes(bytes).c_str(), seconds);
  return kExitOk;
}

int Run(const Args& given) {
  // "--out extract/" names the directory extract (its trailing slash would
  // otherwise make "extract" look like the parent to check).
  Args a = given;
  while (a.out.size() > 1 && a.out.back() == '/') a.out.pop_back();
  synth::PopulationOptions o;
  std::optional<uint64_t> people = ParsePeople(a.people);
  if (!people) {
    std::fprintf(stderr, "error: --people %s is not a whole number (e.g. 200000, 200k or 3M)\n",
                 a.people.c_str());
    return kExitUsage;
  }
  o.people = *people;
  o.seed = a.seed;
  o.profile = *synth::ParsePopulationProfile(a.profile);
  o.threads = a.threads > 0 ? a.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (Status st = synth::ValidatePopulationOptions(o); !st.ok()) {
    std::fprintf(stderr, "error: %s\n", st.message().c_str());
    return kExitUsage;
  }
  if (int rc = CheckOut(a); rc != kExitOk) return rc;
  std::string tmpl = a.out + ".tmp-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    std::fprintf(stderr, "error: cannot create %s: %s\n", tmpl.c_str(), std::strerror(errno));
    return kExitIo;
  }
  Progress progress("synth population", o.people);
  o.on_progress = [&progress](uint64_t done) { progress.Update(done); };
  o.cancel = &g_interrupted;
  auto start = std::chrono::steady_clock::now();
  Result<synth::PopulationSummary> s = synth::WriteSyntheticPopulation(o, tmpl);
  progress.Finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!s.ok()) {
    std::error_code ec;
    fs::remove_all(tmpl, ec);
    if (g_interrupted.load()) return -1;
    std::fprintf(stderr, "error: %s\n", s.status().ToString().c_str());
    return s.status().code() == StatusCode::kIo ? kExitIo : kExitInternal;
  }
  if (int rc = Publish(tmpl, a); rc != kExitOk) return rc;
  PrintSummary(a, o, *s, seconds);
  return a.cache ? WriteCache(a) : kExitOk;
}

// Runs with SIGINT/SIGTERM turned into a clean stop: the temporary directory
// is removed, then the signal is raised again with its default action so the
// shell sees the interruption. A signal the process was started ignoring (a
// background job's SIGINT) stays ignored.
int RunInterruptible(const Args& a) {
  g_interrupted.store(false);
  auto old_int = std::signal(SIGINT, OnInterrupt);
  if (old_int == SIG_IGN) std::signal(SIGINT, SIG_IGN);
  auto old_term = std::signal(SIGTERM, OnInterrupt);
  if (old_term == SIG_IGN) std::signal(SIGTERM, SIG_IGN);
  int rc = Run(a);
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  if (rc < 0) {
    std::fprintf(stderr, "interrupted; nothing was written to %s\n", a.out.c_str());
    std::signal(g_signal, SIG_DFL);
    std::raise(g_signal);
    return 128 + g_signal;  // not reached: the default action ends the process
  }
  return rc;
}

}  // namespace

void AddSynthPopulationCommand(CLI::App& synth, int* exit_code) {
  auto args = std::make_shared<Args>();
  auto* sub = synth.add_subcommand(
      "population",
      "Write a synthetic patient-level extract (persons.csv, conditions.csv, activity.csv, "
      "areas.csv) in the population data contract: 10 thousand to 60 million people, "
      "deterministic for a seed, calibrated to published ONS figures "
      "(docs/synthetic-population.md)");
  sub->add_option("--people", args->people,
                  "Number of people (rows of persons.csv): 10000 to 60000000; k and M suffixes "
                  "allowed (200k, 3M)")
      ->required();
  sub->add_option("--seed", args->seed, "Random seed; the same seed gives identical files")
      ->capture_default_str();
  sub->add_option("--profile", args->profile,
                  "deprived-city (most people in national IMD deciles 1-2, like Liverpool) or "
                  "mixed-county (near England's spread)")
      ->check(CLI::IsMember({"deprived-city", "mixed-county"}))
      ->capture_default_str();
  sub->add_option("--out", args->out,
                  "Directory to create; written as DIR.tmp-XXXXXX and renamed when complete")
      ->required();
  sub->add_option("--threads", args->threads,
                  "Generating threads (default: all cores); the output does not depend on it")
      ->check(CLI::Range(1, 256));
  sub->add_flag("--force", args->force, "Replace --out if it exists and is not empty");
  sub->add_flag("--cache", args->cache,
                "Then validate the extract and write its binary cache (DIR/.barometer-cache), "
                "as the first `population` command would");
  sub->add_option("--format", args->format, "Summary format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->footer(std::string("Example:\n  barometer synth population --people 200k --seed 7 "
                          "--profile deprived-city --out extract\n\n") +
              kExitCodeHelp +
              "  An interrupted run (Ctrl-C) removes its temporary directory and writes "
              "nothing.\n");
  sub->callback([args, exit_code] { *exit_code = RunInterruptible(*args); });
}

}  // namespace barometer::cli
