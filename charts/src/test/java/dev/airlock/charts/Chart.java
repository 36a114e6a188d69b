package dev.airlock.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart under test: renders and lints {@code charts/airlock} with helm-java. */
final class Chart {
  static final String RELEASE = "airlock";
  static final String NAMESPACE = "airlock-system";
  static final YAMLMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  private static FakeKubeApi api;

  private Chart() {}

  /** Root of the repository (set by surefire; the module directory's parent otherwise). */
  static Path repoRoot() {
    return Paths.get(System.getProperty("airlock.repo.root", "..")).toAbsolutePath().normalize();
  }

  static Path dir() {
    return repoRoot().resolve("charts/airlock");
  }

  static Path ciValues(String name) {
    return dir().resolve("ci").resolve(name);
  }

  static List<Path> ciValuesFiles() {
    try (Stream<Path> files = Files.list(dir().resolve("ci"))) {
      return files.filter(f -> f.toString().endsWith("-values.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fake cluster answering {@code lookup}; emptied before each render unless kept. */
  static synchronized FakeKubeApi cluster() {
    if (api == null) {
      String kubeconfig = System.getenv("KUBECONFIG");
      if (kubeconfig == null) {
        throw new IllegalStateException(
            "KUBECONFIG is not set: run the tests through Maven (charts/pom.xml sets it)");
      }
      api = FakeKubeApi.start(Paths.get(kubeconfig));
    }
    return api;
  }

  /** Renders with the given values files and {@code --set} pairs against an empty cluster. */
  static Rendered render(List<Path> valuesFiles, Map<String, String> sets) {
    cluster().reset();
    return renderAgainstCluster(valuesFiles, sets);
  }

  static Rendered render(Path... valuesFiles) {
    return render(List.of(valuesFiles), Map.of());
  }

  static Rendered render(Map<String, String> sets) {
    return render(List.of(), sets);
  }

  /** Renders against the current state of {@link #cluster()} (what {@code lookup} sees). */
  static Rendered renderAgainstCluster(List<Path> valuesFiles, Map<String, String> sets) {
    cluster();
    TemplateCommand template =
        new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    for (Map.Entry<String, String> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return Rendered.parse(template.call());
  }

  /** Error message of a render that must fail (e.g. schema violations). */
  static String renderError(Map<String, String> sets) {
    return renderError(NAMESPACE, sets);
  }

  /** Error message of a render into {@code namespace} that must fail. */
  static String renderError(String namespace, Map<String, String> sets) {
    cluster().reset();
    TemplateCommand template =
        new Helm(dir()).template().withName(RELEASE).withNamespace(namespace);
    for (Map.Entry<String, String> set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    try {
      template.call();
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
    throw new AssertionError("render with " + sets + " succeeded but was expected to fail");
  }

  /**
   * {@code helm lint --strict} of the chart with the given values file merged over the defaults
   * (helm-java's lint takes no values file, so a copy of the chart gets the merged values.yaml).
   */
  static LintResult lint(Path valuesFile, Path workDir) {
    try {
      Path copy = workDir.resolve("airlock");
      copyTree(dir(), copy);
      if (valuesFile != null) {
        JsonNode merged =
            merge(
                YAML.readTree(dir().resolve("values.yaml").toFile()),
                YAML.readTree(valuesFile.toFile()));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
      }
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Helm's values merge: maps merge recursively, everything else is replaced. */
  static JsonNode merge(JsonNode base, JsonNode override) {
    if (base instanceof ObjectNode baseObject && override instanceof ObjectNode) {
      ObjectNode result = baseObject.deepCopy();
      Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode existing = result.get(field.getKey());
        result.set(
            field.getKey(),
            existing == null ? field.getValue() : merge(existing, field.getValue()));
      }
      return result;
    }
    return override;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  /** The documents of one render. */
  record Rendered(List<JsonNode> documents) {
    static Rendered parse(String manifest) {
      List<JsonNode> docs = new ArrayList<>();
      try {
        var parser = new YAMLFactory().createParser(manifest);
        for (Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
          JsonNode doc = it.next();
          if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
            docs.add(doc);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("rendered manifest is not YAML:\n" + manifest, e);
      }
      return new Rendered(List.copyOf(docs));
    }

    List<JsonNode> ofKind(String kind) {
      return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    JsonNode one(String kind) {
      List<JsonNode> found = ofKind(kind);
      if (found.size() != 1) {
        throw new AssertionError("expected exactly one " + kind + ", found " + found.size());
      }
      return found.get(0);
    }

    JsonNode one(String kind, String name) {
      return ofKind(kind).stream()
          .filter(d -> name.equals(d.path("metadata").path("name").asText()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    List<JsonNode> inNamespace(String namespace) {
      return documents.stream()
          .filter(d -> namespace.equals(d.path("metadata").path("namespace").asText()))
          .toList();
    }

    /** Every pod spec: Deployments, DaemonSets, Jobs and CronJobs, with the owner's name. */
    List<PodSpec> podSpecs() {
      List<PodSpec> specs = new ArrayList<>();
      for (JsonNode doc : documents) {
        String kind = doc.path("kind").asText();
        JsonNode spec =
            switch (kind) {
              case "Deployment", "DaemonSet", "StatefulSet", "Job" ->
                  doc.path("spec").path("template").path("spec");
              case "CronJob" ->
                  doc.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
              case "Pod" -> doc.path("spec");
              default -> null;
            };
        if (spec != null) {
          specs.add(
              new PodSpec(
                  kind + "/" + doc.path("metadata").path("name").asText(),
                  doc.path("metadata").path("namespace").asText(),
                  spec));
        }
      }
      return specs;
    }
  }

  /** A pod spec and where it came from. */
  record PodSpec(String owner, String namespace, JsonNode spec) {
    List<JsonNode> allContainers() {
      List<JsonNode> all = new ArrayList<>();
      spec.path("initContainers").forEach(all::add);
      spec.path("containers").forEach(all::add);
      return all;
    }

    boolean usesHostPath() {
      for (JsonNode volume : spec.path("volumes")) {
        if (volume.has("hostPath")) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return owner + " in " + namespace;
    }
  }
}
