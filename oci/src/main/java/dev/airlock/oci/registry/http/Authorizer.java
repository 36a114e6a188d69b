package dev.airlock.oci.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.oci.mirror.MirrorEndpoint;
import dev.airlock.oci.registry.Deadline;
import dev.airlock.oci.registry.RegistryException;
import dev.airlock.oci.registry.RegistryException.Kind;
import dev.airlock.oci.registry.auth.Challenge;
import dev.airlock.oci.registry.auth.CredentialStore;
import dev.airlock.oci.registry.auth.Credentials;
import dev.airlock.oci.registry.auth.TokenCache;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers registry auth challenges (distribution {@code docs/spec/auth/token.md}): Basic with the
 * host's credentials; Bearer by fetching a token from the challenge's realm ({@code GET
 * realm?service=…&scope=…}, with Basic credentials when known, anonymous otherwise), cached by
 * realm, service and scope until it expires. After a host has challenged once, later requests to it
 * carry the header up front. The realm is requested with the endpoint's TLS settings (containerd
 * uses the host's HTTP client for its token requests too). Credentials and tokens never appear in
 * messages.
 */
final class Authorizer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TOKEN_BODY_CAP = 1 << 20;

  private final CredentialStore credentials;
  private final TokenCache tokens;
  private final Duration defaultLifetime;
  private final String userAgent;
  private final RedirectPolicy redirects;

  /** The last challenge of each authority. */
  private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();

  /** The scope a registry asked for, by {@code authority + " " + repository}. */
  private final Map<String, String> scopes = new ConcurrentHashMap<>();

  Authorizer(
      CredentialStore credentials,
      TokenCache tokens,
      Duration defaultLifetime,
      String userAgent,
      RedirectPolicy redirects) {
    this.credentials = credentials;
    this.tokens = tokens;
    this.defaultLifetime = defaultLifetime;
    this.userAgent = userAgent;
    this.redirects = redirects;
  }

  /** The header to send before any challenge, when the host challenged earlier. */
  Optional<String> upFront(MirrorEndpoint endpoint, Transport client, Deadline deadline)
      throws RegistryException {
    Challenge known = challenges.get(endpoint.host().authority());
    return known == null
        ? Optional.empty()
        : Optional.of(answer(known, endpoint, client, deadline));
  }

  /** The header answering the 401 {@code reply}; {@code sent} is the header that was refused. */
  String respond(
      MirrorEndpoint endpoint,
      Reply reply,
      Optional<String> sent,
      Transport client,
      Deadline deadline)
      throws RegistryException {
    List<Challenge> offered = Challenge.parseAll(reply.headers().allValues("WWW-Authenticate"));
    Optional<Challenge> chosen =
        offered.stream()
            .filter(c -> c.scheme().equals("bearer"))
            .findFirst()
            .or(() -> offered.stream().filter(c -> c.scheme().equals("basic")).findFirst());
    if (chosen.isEmpty()) {
      throw new RegistryException(
          Kind.AUTH,
          401,
          ErrorBodies.parse(reply),
          reply.uri(),
          reply.method() + " " + reply.uri() + ": 401 without a Basic or Bearer challenge",
          null);
    }
    Challenge challenge = chosen.get();
    String authority = endpoint.host().authority();
    challenges.put(authority, challenge);
    challenge
        .parameter("scope")
        .ifPresent(
            scope -> {
              if (scopes.size() >= TokenCache.MAX_ENTRIES) {
                scopes.clear(); // repositories are chosen by pods: keep the map bounded
              }
              scopes.put(authority + " " + endpoint.repository(), scope);
            });
    if (challenge.scheme().equals("bearer") && sent.isPresent()) {
      tokens.remove(key(challenge, endpoint));
    }
    return answer(challenge, endpoint, client, deadline);
  }

  private String answer(
      Challenge challenge, MirrorEndpoint endpoint, Transport client, Deadline deadline)
      throws RegistryException {
    Optional<Credentials> creds = credentials.lookup(endpoint.host().authority());
    if (challenge.scheme().equals("basic")) {
      return creds
          .map(Credentials::basicHeader)
          .orElseThrow(
              () ->
                  new RegistryException(
                      Kind.AUTH,
                      endpoint.host().origin(),
                      endpoint.host().authority()
                          + " requires Basic credentials and none are configured"));
    }
    TokenCache.Key key = key(challenge, endpoint);
    Optional<String> cached = tokens.get(key);
    if (cached.isPresent()) {
      return "Bearer " + cached.get();
    }
    return "Bearer " + fetch(key, creds, client, deadline);
  }

  private TokenCache.Key key(Challenge challenge, MirrorEndpoint endpoint) {
    String scope =
        scopes.getOrDefault(
            endpoint.host().authority() + " " + endpoint.repository(),
            "repository:" + endpoint.repository() + ":pull");
    return new TokenCache.Key(
        challenge.parameter("realm").orElse(""), challenge.parameter("service").orElse(""), scope);
  }

  private String fetch(
      TokenCache.Key key, Optional<Credentials> creds, Transport client, Deadline deadline)
      throws RegistryException {
    URI realm;
    try {
      realm = URI.create(key.realm());
    } catch (IllegalArgumentException e) {
      realm = null;
    }
    if (realm == null
        || realm.getScheme() == null
        || !(realm.getScheme().equals("https") || realm.getScheme().equals("http"))
        || realm.getRawUserInfo() != null) {
      throw new RegistryException(Kind.AUTH, null, "bearer challenge has no usable realm");
    }
    if (creds.isPresent() && realm.getScheme().equals("http") && !Loopback.is(realm.getHost())) {
      // The realm would receive the password in clear text over the network.
      throw new RegistryException(
          Kind.AUTH,
          realm,
          "bearer realm "
              + Redaction.url(realm)
              + " is not HTTPS: credentials are not sent there in clear text");
    }
    StringBuilder query = new StringBuilder();
    if (!key.service().isEmpty()) {
      query.append("service=").append(URLEncoder.encode(key.service(), StandardCharsets.UTF_8));
    }
    query
        .append(query.length() == 0 ? "" : "&")
        .append("scope=")
        .append(URLEncoder.encode(key.scope(), StandardCharsets.UTF_8));
    URI url = URI.create(realm + (realm.getRawQuery() == null ? "?" : "&") + query);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", userAgent);
    headers.put("Accept", "application/json");
    creds.ifPresent(c -> headers.put("Authorization", c.basicHeader()));
    Reply reply = HttpCall.send(client, "GET", url, headers, TOKEN_BODY_CAP, deadline, redirects);
    if (reply.status() == 401 || reply.status() == 403) {
      throw new RegistryException(
          Kind.AUTH,
          reply.status(),
          ErrorBodies.parse(reply),
          url,
          "token endpoint "
              + Redaction.url(realm)
              + " refused "
              + (creds.isPresent() ? "the credentials" : "an anonymous request")
              + " ("
              + reply.status()
              + ")",
          null);
    }
    if (!reply.success()) {
      throw new RegistryException(
          Kind.HTTP_STATUS,
          reply.status(),
          ErrorBodies.parse(reply),
          url,
          "token endpoint " + Redaction.url(realm) + " answered " + reply.status(),
          null);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(reply.body());
    } catch (IOException e) {
      answer = null;
    }
    String token = answer == null ? "" : answer.path("token").asText("");
    if (token.isEmpty() && answer != null) {
      token = answer.path("access_token").asText("");
    }
    if (token.isEmpty()) {
      throw new RegistryException(
          Kind.MALFORMED,
          url,
          "token endpoint " + Redaction.url(realm) + " answered without a token");
    }
    long expiresIn = answer.path("expires_in").asLong(0);
    tokens.put(key, token, expiresIn > 0 ? Duration.ofSeconds(expiresIn) : defaultLifetime);
    return token;
  }
}
