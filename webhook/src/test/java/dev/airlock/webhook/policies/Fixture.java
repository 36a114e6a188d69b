package dev.airlock.webhook.policies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One example fixture of {@code policies/}: {@code <dir>/<name>-<passes|fails>.yaml} and its {@code
 * <dir>/<name>-<passes|fails>.expect.yaml}. Either file alone still makes a fixture, so a review
 * without expectations (or the reverse) is reported instead of skipped.
 *
 * @param name {@code solo/kgateway-system-passes}
 * @param review the AdmissionReview file (may not exist)
 * @param expect the expectation file (may not exist)
 */
record Fixture(String name, Path review, Path expect) {
  private static final Pattern FILE = Pattern.compile("(.+-(?:passes|fails))(\\.expect)?\\.yaml");

  /** Every fixture under {@code examples}, by name. */
  static List<Fixture> discover(Path examples) {
    TreeMap<String, Fixture> found = new TreeMap<>();
    try (Stream<Path> files = Files.walk(examples)) {
      files
          .filter(Files::isRegularFile)
          .forEach(
              file -> {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                  Path dir = file.getParent();
                  String base = m.group(1);
                  String name = examples.relativize(dir.resolve(base)).toString();
                  found.putIfAbsent(
                      name,
                      new Fixture(
                          name, dir.resolve(base + ".yaml"), dir.resolve(base + ".expect.yaml")));
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + examples, e);
    }
    return List.copyOf(found.values());
  }

  /** Every example policy ({@code *.policy.yaml}) under {@code examples}, sorted. */
  static List<Path> policies(Path examples) {
    try (Stream<Path> files = Files.walk(examples)) {
      return files
          .filter(
              f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".policy.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + examples, e);
    }
  }

  /** A {@code -passes} fixture must be allowed, a {@code -fails} one denied. */
  boolean mustPass() {
    return name.endsWith("-passes");
  }
}
