package dev.airlock.demo;

/** Something in the demo misbehaved: the message says what was expected and what happened. */
final class DemoFailure extends RuntimeException {
  DemoFailure(String message) {
    super(message);
  }

  DemoFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
