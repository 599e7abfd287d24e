package dev.tandem.gateway.routing;

import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyResponse;

import java.util.concurrent.TimeoutException;

/**
 * What counts against an upstream's circuits. An upstream that answers, however it answers, is up: its 4xx and its
 * 500s (one request's bug must not cut every caller off the whole service) and its 502/504 (a failure further
 * on) are passed on and reset the count. "Down" is what says the service itself cannot serve: the connection refused,
 * reset or closed without an answer, or the service's own 503 (platform answers 503 when its store is unreachable).
 * Slowness is counted apart, on a circuit of its own that rests briefly: an overloaded upstream that still answers
 * some requests in time never opens it, one whose every request times out is given a second, then the first
 * answer in time lets all traffic back. Each breaker counts failures in a row (any answer not counted resets it).
 */
final class CircuitPolicy {

    /** The upstream's own 503, failed so that the breaker counts it; its answer is still what the caller gets. */
    static final class UnavailableAnswer extends RuntimeException {
        final transient ProxyResponse response;

        UnavailableAnswer(ProxyResponse response) {
            super("the upstream answered 503", null, false, false);
            this.response = response;
        }
    }

    /** The slow circuit is open: requests are shed for its short rest. */
    static final class Shedding extends RuntimeException {
        Shedding() {
            super("shedding: the upstream timed out repeatedly", null, false, false);
        }
    }

    /** The caller's own fault or absence (a body past the cap, the caller gone), never the upstream's. */
    static final class CallersFault extends RuntimeException {
        final transient ProxyResponse response;

        CallersFault(ProxyResponse response, Throwable cause) {
            super("the caller's fault", cause, false, false);
            this.response = response;
        }
    }

    private CircuitPolicy() {
    }

    static boolean down(Future<ProxyResponse> outcome) {
        if (outcome.succeeded()) {
            return false;
        }
        Throwable failure = outcome.cause();
        return failure instanceof UnavailableAnswer || !(failure instanceof TimeoutException
                || failure instanceof OpenCircuitException || failure instanceof Shedding
                || failure instanceof CallersFault);
    }

    static boolean slow(Future<ProxyResponse> outcome) {
        return outcome.failed() && outcome.cause() instanceof TimeoutException;
    }
}
