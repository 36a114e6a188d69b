package dev.airlock.charts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal Kubernetes API on 127.0.0.1 (free port) that answers the reads Helm's {@code lookup}
 * makes: discovery of {@code v1}, {@code GET} of a Secret and the Node list.
 *
 * <p>helm-java's {@code template} runs an install dry run that still talks to the cluster for
 * {@code lookup} (unlike the {@code helm template} CLI, where lookup is empty), so tests point
 * {@code KUBECONFIG} (set by surefire) at this server. It also lets a test prove that an existing
 * TLS Secret is reused across upgrades.
 */
final class FakeKubeApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, ObjectNode> secrets = new ConcurrentHashMap<>();
  private final List<String> nodes = new CopyOnWriteArrayList<>();

  private FakeKubeApi(HttpServer server) {
    this.server = server;
  }

  /** Starts the server and writes a kubeconfig pointing at it to {@code kubeconfig}. */
  static FakeKubeApi start(Path kubeconfig) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeKubeApi api = new FakeKubeApi(server);
      server.createContext("/", api::handle);
      server.start();
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      Files.createDirectories(kubeconfig.getParent());
      Files.writeString(
          kubeconfig,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters: [{name: fake, cluster: {server: '" + url + "'}}]",
              "users: [{name: fake, user: {}}]",
              "contexts: [{name: fake, context: {cluster: fake, user: fake}}]",
              "current-context: fake",
              ""));
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes {@code GET /api/v1/namespaces/{namespace}/secrets/{name}} return a Secret. */
  void putSecret(String namespace, String name, Map<String, String> base64Data) {
    ObjectNode secret = JSON.createObjectNode();
    secret.put("apiVersion", "v1").put("kind", "Secret");
    secret.putObject("metadata").put("name", name).put("namespace", namespace);
    ObjectNode data = secret.putObject("data");
    base64Data.forEach(data::put);
    secrets.put(namespace + "/" + name, secret);
  }

  /** Sets the nodes returned by {@code GET /api/v1/nodes}. */
  void setNodes(List<String> names) {
    nodes.clear();
    nodes.addAll(names);
  }

  void reset() {
    secrets.clear();
    nodes.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, status(405, "MethodNotAllowed", "read-only fake"));
      } else if (path.equals("/api/v1")) {
        send(exchange, 200, coreResources());
      } else if (path.equals("/api")) {
        send(exchange, 200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}");
      } else if (path.equals("/apis")) {
        send(exchange, 200, "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}");
      } else if (path.equals("/version")) {
        send(exchange, 200, "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0\"}");
      } else if (path.equals("/api/v1/nodes")) {
        send(exchange, 200, nodeList());
      } else if (path.matches("/api/v1/namespaces/[^/]+/secrets/[^/]+")) {
        String[] parts = path.split("/");
        ObjectNode secret = secrets.get(parts[4] + "/" + parts[6]);
        if (secret == null) {
          send(exchange, 404, status(404, "NotFound", "secrets \"" + parts[6] + "\" not found"));
        } else {
          send(exchange, 200, JSON.writeValueAsString(secret));
        }
      } else {
        send(exchange, 404, status(404, "NotFound", path));
      }
    }
  }

  private static String coreResources() throws IOException {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", "v1");
    ArrayNode resources = list.putArray("resources");
    resources
        .addObject()
        .put("name", "secrets")
        .put("singularName", "secret")
        .put("namespaced", true)
        .put("kind", "Secret")
        .set("verbs", JSON.valueToTree(List.of("get", "list")));
    resources
        .addObject()
        .put("name", "nodes")
        .put("singularName", "node")
        .put("namespaced", false)
        .put("kind", "Node")
        .set("verbs", JSON.valueToTree(List.of("get", "list")));
    return JSON.writeValueAsString(list);
  }

  private String nodeList() throws IOException {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "NodeList").put("apiVersion", "v1");
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    for (String node : nodes) {
      ObjectNode item = items.addObject();
      item.put("apiVersion", "v1").put("kind", "Node");
      item.putObject("metadata").put("name", node);
    }
    return JSON.writeValueAsString(list);
  }

  private static String status(int code, String reason, String message) throws IOException {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure");
    status.put("message", message).put("reason", reason).put("code", code);
    return JSON.writeValueAsString(status);
  }

  private static void send(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
