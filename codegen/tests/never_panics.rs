//! The generator never panics: a deterministic property test over mutated and random specs.
//!
//! Each case is a spec made from a seed (the real `spec/`, the fixture specs, the invalid
//! fixtures, the keyword fixture) by a few random edits of the kind a person makes while
//! editing YAML, or a random YAML document built from the spec's own vocabulary. Every case
//! must be checked, and generated when it checks, without a panic, and:
//!
//! - a failed check reports at least one problem;
//! - generation of a spec that checks never produces code that does not parse;
//! - no case takes more than a minute (a hang ends the run, naming the case).
//!
//! Case `i` depends only on `i`, so a failure names the case that reproduces it. The default
//! run is small enough for every `cargo test`; a long run is one variable away:
//!
//! ```text
//! NEVER_PANICS_CASES=1000000 cargo test --release -p codegen --test never_panics -- --nocapture
//! ```

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use codegen::SourceFile;

/// Cases of the run under a plain `cargo test`: under ten seconds in a debug build on two cores.
const DEFAULT_CASES: usize = 10_000;

/// Words a maintainer (or a typo) might put anywhere: keywords, reserved and colliding
/// names, YAML syntax, odd scalars and characters.
const VOCABULARY: &[&str] = &[
    "self",
    "Self",
    "super",
    "crate",
    "type",
    "mod",
    "match",
    "r#type",
    "new",
    "params",
    "body",
    "Unknown",
    "unknown",
    "String",
    "Option",
    "Vec",
    "Result",
    "From",
    "std",
    "serde",
    "reqwest",
    "builder",
    "from_env",
    "headers",
    "foo-bar",
    "foo_bar",
    "FooBar",
    "fooBar",
    "a1",
    "a_1",
    "_",
    "-",
    "",
    "0",
    "200",
    "204",
    "404",
    "99999",
    "-1",
    "1e3",
    "0x10",
    "~",
    "null",
    "true",
    "no",
    "[]",
    "{}",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "'",
    "\"",
    "&anchor",
    "*anchor",
    "!tag",
    "<<",
    "---",
    "...",
    "? ",
    "|",
    ">",
    "#",
    "%",
    "@",
    "`",
    "\t",
    "\\",
    "日本",
    "a²",
    "É",
    "\u{0}",
    "\u{feff}",
    "{id}",
    "{",
    "/things/{id}",
    "array",
    "map",
    "json",
    "ref",
    "items",
    "values",
    "fields",
    "enum",
    "union",
    "required",
    "nullable",
    "rust_name",
    "rust_names",
    "discriminator",
    "untagged",
    "extra",
    "deprecation",
    "==",
    "256",
    "false",
    "Param",
    "path_params",
    "query",
    "paginated",
    // Operation-level constructs (issue 10).
    "explode",
    "allow_reserved",
    "headers",
    "response",
    "bytes",
    "text",
    "binary",
    "body_encoding",
    "body_optional",
    "content_type",
    "application/scim+json",
    "deprecation",
    "pagination",
    "style",
    "cursor",
    "offset",
    "limit_param",
    "result_info.cursor",
    "x-request-id",
    "other_results",
    "multipart",
    "parts",
    "202",
    "Content-Length",
    "GET",
    "get",
    "TRACE",
];

#[test]
fn the_generator_never_panics() {
    let seeds = seeds();
    assert!(seeds.all.len() > 10 && seeds.valid.len() > 3, "the seeds are found");
    let cases: usize =
        std::env::var("NEVER_PANICS_CASES").ok().and_then(|value| value.parse().ok()).unwrap_or(DEFAULT_CASES);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let watch = Watch::new(threads);
    let generated = AtomicUsize::new(0);
    let started = Instant::now();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                let (seeds, generated, watch) = (&seeds, &generated, &watch);
                scope.spawn(move || {
                    let cases = (thread..cases).step_by(threads);
                    let failures: Vec<String> = cases
                        .filter_map(|case| watch.case(thread, case, || run_case(seeds, case, generated)))
                        .collect();
                    watch.idle(thread);
                    failures
                })
            })
            .collect();
        scope.spawn(|| watch.watch(&seeds));
        let failures = workers.into_iter().flat_map(|worker| worker.join().expect("a worker thread")).collect();
        watch.done.store(true, Ordering::Relaxed);
        failures
    });
    let generated = generated.load(Ordering::Relaxed);
    println!("{cases} cases ({generated} generated) in {:.1?} on {threads} threads", started.elapsed());
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}

/// A case that takes this long is a hang (a normal one takes milliseconds).
const HANG: Duration = Duration::from_secs(60);

/// Which case each worker runs, and since when: a hang would otherwise stall the run forever.
struct Watch {
    /// Per worker: 1 + the case it runs, or 0 when idle.
    running: Vec<AtomicUsize>,
    /// Per worker: when its case started, in milliseconds since `start`.
    since: Vec<AtomicUsize>,
    start: Instant,
    done: AtomicBool,
}

impl Watch {
    fn new(threads: usize) -> Self {
        let zeros = || (0..threads).map(|_| AtomicUsize::new(0)).collect();
        Watch { running: zeros(), since: zeros(), start: Instant::now(), done: AtomicBool::new(false) }
    }

    fn case<T>(&self, thread: usize, case: usize, run: impl FnOnce() -> T) -> T {
        self.since[thread].store(self.start.elapsed().as_millis() as usize, Ordering::Relaxed);
        self.running[thread].store(case + 1, Ordering::Relaxed);
        run()
    }

    fn idle(&self, thread: usize) {
        self.running[thread].store(0, Ordering::Relaxed);
    }

    /// Ends the whole test process, naming the case, when a worker is stuck in one.
    fn watch(&self, seeds: &Seeds) {
        while !self.done.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
            let now = self.start.elapsed().as_millis() as usize;
            for (running, since) in self.running.iter().zip(&self.since) {
                let case = running.load(Ordering::Relaxed);
                if case != 0 && now.saturating_sub(since.load(Ordering::Relaxed)) > HANG.as_millis() as usize {
                    let saved = save_case(case - 1, &make_case(seeds, case - 1));
                    eprintln!(
                        "case {} has run for over {HANG:?}: a hang; input written to {}",
                        case - 1,
                        saved.display()
                    );
                    std::process::exit(101);
                }
            }
        }
    }
}

/// Runs one case; returns what went wrong, if anything.
fn run_case(seeds: &Seeds, case: usize, generated: &AtomicUsize) -> Option<String> {
    let sources = make_case(seeds, case);
    let outcome = catch_unwind(AssertUnwindSafe(|| check_and_generate(&sources)));
    let problem = match outcome {
        Ok(Ok(did_generate)) => {
            if did_generate {
                generated.fetch_add(1, Ordering::Relaxed);
            }
            return None;
        }
        Ok(Err(problem)) => problem,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()));
            format!("panicked: {}", message.unwrap_or_default())
        }
    };
    Some(format!("case {case}: {problem}; input written to {}", save_case(case, &sources).display()))
}

/// Checks and, when the spec is valid, generates; Ok(whether it generated).
fn check_and_generate(sources: &[SourceFile]) -> Result<bool, String> {
    match codegen::check(sources) {
        Err(diagnostics) => {
            let rendered = diagnostics.to_string();
            if diagnostics.is_empty() || !rendered.contains(": error: ") || rendered.contains("a bug in the generator")
            {
                return Err(format!("a failed check reported no problem: {rendered}"));
            }
            Ok(false)
        }
        Ok(_) => match codegen::generate(sources) {
            Ok(_) => Ok(true),
            Err(error) => Err(format!("a spec that checks failed to generate: {error}")),
        },
    }
}

fn save_case(case: usize, sources: &[SourceFile]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("never-panics-case-{case}"));
    let _ = std::fs::remove_dir_all(&dir);
    for source in sources {
        let name = source.name.rsplit('/').next().unwrap_or("file.yaml");
        let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join(name), &source.text));
    }
    dir
}

// ---------------------------------------------------------------------------------------------
// Making cases

/// SplitMix64: small, fast and good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
}

fn make_case(seeds: &Seeds, case: usize) -> Vec<SourceFile> {
    let mut rng = Rng(case as u64 ^ 0x005e_ed0f_ca5e);
    // Valid seeds are picked more often, and edited less: their edits reach generation.
    let from_valid = rng.below(3) < 2;
    let mut sources = if from_valid { rng.pick(&seeds.valid) } else { rng.pick(&seeds.all) }.clone();
    if rng.below(8) == 0 {
        let text = random_yaml(&mut rng, 0);
        let index = rng.below(sources.len());
        sources[index].text = text;
        return sources;
    }
    let edits = if from_valid { 1 + rng.below(2) } else { 1 + rng.below(4) };
    for _ in 0..edits {
        let index = rng.below(sources.len());
        let donor_spec = rng.pick(&seeds.all);
        let donor = rng.pick(donor_spec).text.clone();
        sources[index].text = mutate(&mut rng, &sources[index].text, &donor);
    }
    sources
}

/// One edit of a file's text.
fn mutate(rng: &mut Rng, text: &str, donor: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let at = rng.below(lines.len());
    match rng.below(9) {
        0 => {
            lines.remove(at);
        }
        1 => {
            let line = lines[at].clone();
            lines.insert(rng.below(lines.len() + 1), line);
        }
        2 => {
            let other = rng.below(lines.len());
            lines.swap(at, other);
        }
        3 => {
            let line = &mut lines[at];
            if rng.below(2) == 0 {
                line.insert_str(0, "  ");
            } else if line.starts_with("  ") {
                line.replace_range(..2, "");
            }
        }
        4 => lines[at] = replace_word(rng, &lines[at]),
        5 => {
            let donor_lines: Vec<&str> = donor.lines().collect();
            if !donor_lines.is_empty() {
                lines[at] = donor_lines[rng.below(donor_lines.len())].to_owned();
            }
        }
        6 => {
            let end = (at + 1 + rng.below(8)).min(lines.len());
            let block: Vec<String> = lines[at..end].to_vec();
            let to = rng.below(lines.len() + 1);
            lines.splice(to..to, block);
        }
        7 => {
            let line = &mut lines[at];
            let position = char_boundary(line, rng.below(line.len() + 1));
            line.insert_str(position, rng.word(VOCABULARY));
        }
        _ => {
            let line = &mut lines[at];
            let start = char_boundary(line, rng.below(line.len() + 1));
            let end = char_boundary(line, (start + 1 + rng.below(6)).min(line.len()));
            line.replace_range(start..end.max(start), "");
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Replaces one word (a run of letters, digits, `_` and `-`) with a word of the vocabulary.
fn replace_word(rng: &mut Rng, line: &str) -> String {
    let words: Vec<(usize, usize)> = word_spans(line);
    if words.is_empty() {
        return format!("{line}{}", rng.word(VOCABULARY));
    }
    let (start, end) = *rng.pick(&words);
    format!("{}{}{}", &line[..start], rng.word(VOCABULARY), &line[end..])
}

fn word_spans(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (index, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        let in_word = c.is_alphanumeric() || c == '_' || c == '-';
        match (in_word, start) {
            (true, None) => start = Some(index),
            (false, Some(begin)) => {
                spans.push((begin, index));
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// A random YAML document shaped like a spec file: keys and values from the vocabulary.
fn random_yaml(rng: &mut Rng, depth: usize) -> String {
    const TOP: &[&str] = &["api", "resources", "schemas", "schemes"];
    let mut text = String::new();
    for _ in 0..1 + rng.below(3) {
        text.push_str(rng.word(TOP));
        text.push_str(":\n");
        random_block(rng, &mut text, depth + 1);
    }
    text
}

fn random_block(rng: &mut Rng, out: &mut String, depth: usize) {
    let indent = "  ".repeat(depth);
    for _ in 0..1 + rng.below(4) {
        let key = rng.word(VOCABULARY);
        match (rng.below(4), depth < 6) {
            (0 | 1, true) => {
                out.push_str(&format!("{indent}{key}:\n"));
                random_block(rng, out, depth + 1);
            }
            (2, _) => {
                let inner = rng.word(VOCABULARY);
                out.push_str(&format!("{indent}{key}: {{ {inner}: {} }}\n", rng.word(VOCABULARY)));
            }
            _ => out.push_str(&format!("{indent}{key}: {}\n", rng.word(VOCABULARY))),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Seeds

fn workspace(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ has a parent").join(path)
}

/// The seed specs; `valid` also lists those that pass the checks.
struct Seeds {
    all: Vec<Vec<SourceFile>>,
    valid: Vec<Vec<SourceFile>>,
}

fn seeds() -> Seeds {
    let mut dirs = vec![workspace("spec")];
    for parent in ["tests/fixtures/specs", "tests/fixtures/invalid"] {
        if let Ok(entries) = std::fs::read_dir(workspace(parent)) {
            let mut children: Vec<PathBuf> =
                entries.filter_map(|entry| Some(entry.ok()?.path())).filter(|path| path.is_dir()).collect();
            children.sort();
            dirs.extend(children);
        }
    }
    let all: Vec<Vec<SourceFile>> = dirs
        .iter()
        .filter_map(|dir| codegen::spec::read_dir(dir).ok())
        .map(|mut sources| {
            for source in &mut sources {
                let file = source.name.rsplit('/').next().unwrap_or_default().to_owned();
                source.name = format!("spec/{file}");
            }
            sources
        })
        .collect();
    let valid = all.iter().filter(|seed| codegen::check(seed).is_ok()).cloned().collect();
    Seeds { all, valid }
}
