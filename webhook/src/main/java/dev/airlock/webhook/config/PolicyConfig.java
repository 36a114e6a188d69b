package dev.airlock.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Where the admission policy comes from (design.md "Webhook configuration"). */
@ConfigMapping(prefix = "airlock.policy")
public interface PolicyConfig {

  /**
   * Path of the policy YAML ({@code AIRLOCK_POLICY_FILE}). Required. A broken file at start-up
   * refuses to start; a broken new file keeps the last good policy.
   */
  Path file();

  /**
   * How often the file is checked for a change of content (a ConfigMap update is a symlink swap, so
   * the content is compared, not only the modification time).
   */
  @WithDefault("5s")
  Duration reloadInterval();
}
