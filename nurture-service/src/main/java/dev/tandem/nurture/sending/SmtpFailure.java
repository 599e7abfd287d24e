package dev.tandem.nurture.sending;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An SMTP delivery that failed: permanent (5xx: the address is bad, a hard bounce) or temporary (4xx, network). */
public class SmtpFailure extends RuntimeException {

    private static final Pattern REPLY_CODE = Pattern.compile("(?<![0-9])([245])[0-9]{2}(?![0-9])");

    private final boolean permanent;

    public SmtpFailure(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }

    /** Classifies a mail client's failure by the SMTP reply code in its message; none (a network error): temporary. */
    public static SmtpFailure classify(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null) {
                message = message + " / " + t.getMessage();
            }
        }
        Matcher code = REPLY_CODE.matcher(message);
        boolean permanent = code.find() && code.group(1).equals("5");
        return new SmtpFailure(message, permanent, failure);
    }
}
