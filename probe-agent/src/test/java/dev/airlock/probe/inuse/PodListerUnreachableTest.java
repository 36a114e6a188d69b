package dev.airlock.probe.inuse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.testing.FreePorts;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class PodListerUnreachableTest {

  @Test
  void allPods_apiServerRefuses_messageNamesServerAndCause() throws Exception {
    int port = FreePorts.next();
    String url = "http://127.0.0.1:" + port + "/";
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(url)
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build())
            .build()) {
      assertThatThrownBy(() -> new PodLister(client).allPods())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageStartingWith("Kubernetes API " + url + ": java.net.ConnectException");
    }
  }
}
