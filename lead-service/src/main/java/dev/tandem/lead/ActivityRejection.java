package dev.tandem.lead;

/** An item of an activity batch that was not accepted, with the problem it had. */
public record ActivityRejection(int index, Problem problem) {
}
