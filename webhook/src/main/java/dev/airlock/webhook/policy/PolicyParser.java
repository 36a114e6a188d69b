package dev.airlock.webhook.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a policy file (design.md "Policy file"): unknown fields are errors, omitted fields take the
 * documented defaults, and every error names the field ({@code spec.rules[1].images: required}). A
 * plain class, usable without CDI.
 */
public final class PolicyParser {
  public static final String API_VERSION = "airlock.dev/v1alpha1";
  public static final String KIND = "AdmissionPolicy";

  private static final List<String> ACTIONS = List.of("deny", "allow");
  private static final List<String> MODES = List.of("enforce", "audit");
  private static final List<String> IDENTITIES = List.of("any", "matchRepository", "matchExact");
  private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN PUBLIC KEY-----");

  private final ObjectMapper yaml;
  private final TrustCompiler trust;

  /**
   * @param trust compiles each rule's attestors (the verifier's), so the policy holds them
   */
  public PolicyParser(TrustCompiler trust) {
    this.trust = trust;
    YAMLFactory factory = YAMLFactory.builder().build();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.yaml = new ObjectMapper(factory);
  }

  /**
   * @param text the YAML document
   * @param source where it came from (a path), prefixed to every error message
   */
  public Policy parse(String text, String source) throws PolicyException {
    try {
      return parseTree(readTree(text), source);
    } catch (PolicyException e) {
      throw new PolicyException(source + ": " + e.getMessage(), e);
    }
  }

  private JsonNode readTree(String text) throws PolicyException {
    try (JsonParser parser = yaml.createParser(text)) {
      JsonNode root = yaml.readTree(parser);
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw new PolicyException("empty document");
      }
      // readTree stops after the first document; a second one must not be ignored silently.
      if (parser.nextToken() != null) {
        throw new PolicyException("the file must hold exactly one YAML document");
      }
      return root;
    } catch (java.io.IOException e) {
      if (!(e instanceof JsonProcessingException)) {
        throw new PolicyException("unreadable: " + e.getMessage(), e);
      }
      return invalid((JsonProcessingException) e);
    }
  }

  private static JsonNode invalid(JsonProcessingException e) throws PolicyException {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    throw new PolicyException("invalid YAML" + where + ": " + e.getOriginalMessage(), e);
  }

  private Policy parseTree(JsonNode root, String source) throws PolicyException {
    YamlField doc = new YamlField(root, "").requireMapping(Set.of("apiVersion", "kind", "spec"));
    YamlField apiVersion = doc.required("apiVersion");
    if (!API_VERSION.equals(apiVersion.text())) {
      throw apiVersion.error("must be " + API_VERSION);
    }
    YamlField kind = doc.required("kind");
    if (!KIND.equals(kind.text())) {
      throw kind.error("must be " + KIND);
    }
    Optional<YamlField> spec = doc.optional("spec");
    if (spec.isEmpty()) {
      return new Policy(source, Action.DENY, Action.DENY, Set.of(), List.of());
    }
    YamlField s =
        spec.get()
            .requireMapping(
                Set.of("unmatchedImages", "unmirroredImages", "excludeNamespaces", "rules"));
    Action unmatched = action(s, "unmatchedImages");
    Action unmirrored = action(s, "unmirroredImages");
    Set<String> excluded =
        s.optional("excludeNamespaces").isPresent()
            ? Set.copyOf(strings(s.required("excludeNamespaces")))
            : Set.of();
    List<Rule> rules =
        s.optional("rules").isPresent() ? s.required("rules").list(this::rule) : List.of();
    Set<String> names = new HashSet<>();
    List<CompiledRule> compiled = new java.util.ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (!names.add(rule.name())) {
        throw new YamlField(null, "spec.rules[" + i + "].name")
            .error("duplicate rule name \"" + rule.name() + "\"");
      }
      try {
        // allowUnsigned pins digests without checking signatures, by explicit choice.
        compiled.add(
            new CompiledRule(rule, rule.allowUnsigned() ? Trust.UNSIGNED : trust.compile(rule)));
      } catch (TrustMaterialException e) {
        throw new PolicyException("spec.rules[" + i + "]." + e.getMessage(), e);
      }
    }
    return new Policy(source, unmatched, unmirrored, excluded, List.copyOf(compiled));
  }

  private static Action action(YamlField spec, String name) throws PolicyException {
    Optional<YamlField> field = spec.optional(name);
    return field.isEmpty()
        ? Action.DENY
        : field.get().oneOf(ACTIONS, List.of(Action.DENY, Action.ALLOW));
  }

  private static List<String> strings(YamlField field) throws PolicyException {
    List<String> values = field.list(YamlField::text);
    Set<String> unique = new LinkedHashSet<>(values);
    return List.copyOf(unique);
  }

  private Rule rule(YamlField r) throws PolicyException {
    r.requireMapping(
        Set.of(
            "name",
            "images",
            "namespaces",
            "mode",
            "mutateDigest",
            "verifyDigest",
            "signedIdentity",
            "attestors",
            "allowUnsigned"));
    String name = r.required("name").text();
    YamlField imagesField = r.required("images");
    List<String> images = strings(imagesField);
    if (images.isEmpty()) {
      throw imagesField.error("must name at least one glob");
    }
    List<String> namespaces =
        r.optional("namespaces").isPresent() ? strings(r.required("namespaces")) : List.of();
    Mode mode =
        r.optional("mode").isPresent()
            ? r.required("mode").oneOf(MODES, List.of(Mode.ENFORCE, Mode.AUDIT))
            : Mode.ENFORCE;
    boolean mutate =
        r.optional("mutateDigest").isPresent() ? r.required("mutateDigest").bool() : true;
    boolean verify =
        r.optional("verifyDigest").isPresent() ? r.required("verifyDigest").bool() : true;
    SignedIdentity identity =
        r.optional("signedIdentity").isPresent()
            ? r.required("signedIdentity")
                .oneOf(
                    IDENTITIES,
                    List.of(
                        SignedIdentity.ANY,
                        SignedIdentity.MATCH_REPOSITORY,
                        SignedIdentity.MATCH_EXACT))
            : SignedIdentity.ANY;
    boolean allowUnsigned =
        r.optional("allowUnsigned").isPresent() && r.required("allowUnsigned").bool();
    List<Attestor> attestors;
    if (allowUnsigned) {
      // An explicit opt-out of signature checks; it cannot be reached by leaving a list empty.
      Optional<YamlField> listed = r.optional("attestors");
      if (listed.isPresent() && !listed.get().items().isEmpty()) {
        throw r.child("allowUnsigned")
            .error("true admits images without checking signatures; remove it or the attestors");
      }
      attestors = List.of();
    } else {
      YamlField attestorsField = r.required("attestors");
      attestors = attestorsField.list(this::attestor);
      if (attestors.isEmpty()) {
        throw attestorsField.error(
            "must list at least one attestor (to pin digests without checking signatures, set"
                + " allowUnsigned: true instead)");
      }
    }
    return new Rule(
        name, images, namespaces, mode, mutate, verify, identity, attestors, allowUnsigned);
  }

  private Attestor attestor(YamlField a) throws PolicyException {
    a.requireMapping(Set.of("count", "entries"));
    YamlField entriesField = a.required("entries");
    List<AttestorEntry> entries = entriesField.list(this::entry);
    if (entries.isEmpty()) {
      throw entriesField.error("must list at least one entry");
    }
    int count = 1;
    if (a.optional("count").isPresent()) {
      YamlField countField = a.required("count");
      count = countField.integer();
      if (count < 1 || count > entries.size()) {
        throw countField.error(
            "must be between 1 and the number of entries (" + entries.size() + ")");
      }
    }
    return new Attestor(count, entries);
  }

  private AttestorEntry entry(YamlField e) throws PolicyException {
    e.requireMapping(Set.of("keys", "keyless"));
    Optional<YamlField> keys = e.optional("keys");
    Optional<YamlField> keyless = e.optional("keyless");
    if (keys.isPresent() == keyless.isPresent()) {
      throw e.error("must have exactly one of keys, keyless");
    }
    if (keys.isPresent()) {
      YamlField k = keys.get().requireMapping(Set.of("publicKeys"));
      YamlField pem = k.required("publicKeys");
      if (!PEM_KEY.matcher(pem.text()).find()) {
        throw pem.error("must hold at least one PEM PUBLIC KEY block");
      }
      return new AttestorEntry.Keys(pem.text());
    }
    YamlField k = keyless.get().requireMapping(Set.of("trustedRoot", "identities"));
    String trustedRoot = k.required("trustedRoot").text();
    YamlField identitiesField = k.required("identities");
    List<AttestorEntry.Identity> identities = identitiesField.list(PolicyParser::identity);
    if (identities.isEmpty()) {
      throw identitiesField.error("must list at least one identity");
    }
    return new AttestorEntry.Keyless(trustedRoot, identities);
  }

  private static AttestorEntry.Identity identity(YamlField i) throws PolicyException {
    i.requireMapping(Set.of("issuer", "subject", "issuerRegExp", "subjectRegExp"));
    Optional<String> issuer = text(i, "issuer");
    Optional<String> subject = text(i, "subject");
    Optional<String> issuerRegExp = regExp(i, "issuerRegExp");
    Optional<String> subjectRegExp = regExp(i, "subjectRegExp");
    if (issuer.isEmpty() && issuerRegExp.isEmpty()) {
      throw i.child("issuer").error("required (or issuerRegExp)");
    }
    if (subject.isEmpty() && subjectRegExp.isEmpty()) {
      throw i.child("subject").error("required (or subjectRegExp)");
    }
    return new AttestorEntry.Identity(issuer, subject, issuerRegExp, subjectRegExp);
  }

  private static Optional<String> text(YamlField parent, String name) throws PolicyException {
    Optional<YamlField> field = parent.optional(name);
    return field.isEmpty() ? Optional.empty() : Optional.of(field.get().text());
  }

  private static Optional<String> regExp(YamlField parent, String name) throws PolicyException {
    Optional<YamlField> field = parent.optional(name);
    if (field.isEmpty()) {
      return Optional.empty();
    }
    String value = field.get().text();
    try {
      Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw field.get().error("invalid regular expression: " + e.getDescription());
    }
    return Optional.of(value);
  }
}
