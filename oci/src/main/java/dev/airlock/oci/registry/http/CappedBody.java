package dev.airlock.oci.registry.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a cap. Over the cap it either fails with {@link TooLarge} or, for
 * error bodies read only for diagnostics, keeps the first {@code cap} bytes. {@link #abort()}
 * cancels the transfer (used when the deadline passes mid-body).
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body (or its declared length) exceeds the cap. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long cap) {
      super("response body larger than " + cap + " bytes");
    }
  }

  private final long cap;
  private final boolean truncate;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;

  private CappedBody(long cap, boolean truncate, long declaredLength) {
    this.cap = cap;
    this.truncate = truncate;
    if (declaredLength > cap && !truncate) {
      result.completeExceptionally(new TooLarge(cap));
    }
  }

  /**
   * A handler that fails success bodies over {@code cap} and truncates error bodies. For HEAD the
   * declared {@code Content-Length} describes the GET body and is ignored.
   */
  static HttpResponse.BodyHandler<byte[]> handler(
      long cap, long errorCap, boolean head, CappedBody[] holder) {
    return info -> {
      boolean ok = info.statusCode() >= 200 && info.statusCode() < 300;
      long declared = head ? -1 : info.headers().firstValueAsLong("Content-Length").orElse(-1);
      CappedBody body = new CappedBody(ok ? cap : errorCap, !ok, declared);
      holder[0] = body;
      return body;
    };
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : items) {
      int room = (int) Math.min(Integer.MAX_VALUE, cap - bytes.size());
      int n = buffer.remaining();
      if (n > room) {
        if (!truncate) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge(cap));
          return;
        }
        byte[] part = new byte[room];
        buffer.get(part);
        bytes.write(part, 0, room);
        subscription.cancel();
        result.complete(bytes.toByteArray());
        return;
      }
      byte[] chunk = new byte[n];
      buffer.get(chunk);
      bytes.write(chunk, 0, n);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  /** Stops the transfer. */
  void abort() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    result.cancel(false);
  }
}
