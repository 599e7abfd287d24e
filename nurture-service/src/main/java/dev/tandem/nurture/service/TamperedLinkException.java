package dev.tandem.nurture.service;

/** A tracking link whose signature does not match (edited, forged, or for another message): 400, never a redirect. */
public class TamperedLinkException extends RuntimeException {
    public TamperedLinkException(String message) {
        super(message);
    }
}
