package dev.airlock.oci.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.testing.Mutations;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz (issue 12): a node's {@code hosts.toml}, mutated, is either a {@link HostsFile} or a {@link
 * HostsConfigException} naming the file; never another exception, which the webhook would turn into
 * a 5xx or an unloaded mirror map.
 */
class HostsFileFuzzTest {
  private static final Path FILE =
      Path.of("/etc/containerd/certs.d/registry.example.com/hosts.toml");

  @Property
  void mutatedHostsToml_parsesOrIsAHostsConfigException(@ForAll("mutated") String content) {
    try {
      HostsFile parsed = HostsFileParser.containerd().parse(FILE, content);
      assertThat(parsed).isNotNull();
    } catch (HostsConfigException e) {
      assertThat(e.getMessage()).contains(FILE.toString());
    }
  }

  @Provide
  Arbitrary<String> mutated() {
    return Arbitraries.of(
            """
            server = "https://registry.example.com"

            [host."https://registry.internal/v2/example"]
              capabilities = ["pull", "resolve"]
              override_path = true
              ca = "/etc/containerd/certs.d/registry.internal/ca.crt"
              skip_verify = false
              [host."https://registry.internal/v2/example".header]
                x-custom = ["a", "b"]
            """,
            """
            [host."https://mirror-a.internal:5000"]
              capabilities = ["pull"]
              client = [["/etc/certs/client.crt", "/etc/certs/client.key"]]
            [host."http://mirror-b.internal"]
              capabilities = ["pull", "resolve", "push"]
            """,
            "server = \"https://docker.io\"\n[host.\"https://m.internal/v2/hub\"]\noverride_path = true\n")
        .flatMap(Mutations::of);
  }
}
