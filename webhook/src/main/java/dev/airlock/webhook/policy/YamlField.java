package dev.airlock.webhook.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node of the policy tree together with its path ({@code spec.rules[1]}), so that every error
 * names the field it is about.
 */
final class YamlField {
  private final JsonNode node;
  private final String path;

  YamlField(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  String path() {
    return path;
  }

  PolicyException error(String message) {
    return new PolicyException((path.isEmpty() ? "(document)" : path) + ": " + message);
  }

  /** Fails on any key not in {@code known}; this must be a mapping. */
  YamlField requireMapping(Set<String> known) throws PolicyException {
    if (!node.isObject()) {
      throw error("must be a mapping");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw child(name).error("unknown field");
      }
    }
    return this;
  }

  YamlField child(String name) {
    JsonNode value = node.get(name);
    return new YamlField(value, path.isEmpty() ? name : path + "." + name);
  }

  boolean present() {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  Optional<YamlField> optional(String name) {
    YamlField child = child(name);
    return child.present() ? Optional.of(child) : Optional.empty();
  }

  YamlField required(String name) throws PolicyException {
    YamlField child = child(name);
    if (!child.present()) {
      throw child.error("required");
    }
    return child;
  }

  String text() throws PolicyException {
    if (!node.isTextual()) {
      throw error("must be a string");
    }
    if (node.asText().isBlank()) {
      throw error("must not be empty");
    }
    return node.asText();
  }

  boolean bool() throws PolicyException {
    if (!node.isBoolean()) {
      throw error("must be true or false");
    }
    return node.booleanValue();
  }

  int integer() throws PolicyException {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw error("must be an integer");
    }
    return node.intValue();
  }

  /** A string that must be one of {@code values}, compared exactly as spelled in the file. */
  <E extends Enum<E>> E oneOf(List<String> spellings, List<E> values) throws PolicyException {
    String value = node.isTextual() ? node.asText() : null;
    int index = value == null ? -1 : spellings.indexOf(value);
    if (index < 0) {
      throw error("must be one of " + String.join(", ", spellings));
    }
    return values.get(index);
  }

  List<YamlField> items() throws PolicyException {
    if (!node.isArray()) {
      throw error("must be a list");
    }
    List<YamlField> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(new YamlField(node.get(i), path + "[" + i + "]"));
    }
    return items;
  }

  <T> List<T> list(Parser<T> parser) throws PolicyException {
    List<T> values = new ArrayList<>();
    for (YamlField item : items()) {
      values.add(parser.parse(item));
    }
    return List.copyOf(values);
  }

  /** Parses one field. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(YamlField field) throws PolicyException;
  }
}
