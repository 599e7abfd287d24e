package dev.tandem.lead;

import dev.tandem.platform.http.Problem;

/** An item of an activity batch that was not accepted, with the problem it had. */
public record ActivityRejection(int index, Problem problem) {
}
