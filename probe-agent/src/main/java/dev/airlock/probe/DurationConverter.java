package dev.airlock.probe;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as Quarkus configuration writes them: {@code 5s}, {@code 500ms}, {@code PT5S}. */
@RegisterForReflection
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration duration;
    try {
      duration = io.quarkus.runtime.configuration.DurationConverter.parseDuration(value);
    } catch (RuntimeException e) {
      throw new TypeConversionException("invalid duration \"" + value + "\" (e.g. 5s, 500ms)");
    }
    if (duration == null || duration.isZero() || duration.isNegative()) {
      throw new TypeConversionException("duration must be positive: \"" + value + "\"");
    }
    return duration;
  }
}
