package dev.tandem.events;

import java.util.Set;
import java.util.regex.Pattern;

/** The activity types Tandem knows, plus {@code custom:<name>} for anything a customer tracks itself. */
public final class ActivityTypes {

    public static final Set<String> STANDARD = Set.of(
            "page_view", "form_submit", "email_sent", "email_open", "email_click", "webinar_registered",
            "webinar_attended", "content_download", "meeting", "call", "visit", "chat");

    public static final String CUSTOM_PREFIX = "custom:";

    private static final Pattern CUSTOM_NAME = Pattern.compile("[a-z0-9_.-]{1,64}");

    private ActivityTypes() {
    }

    public static boolean isValid(String type) {
        if (type == null) {
            return false;
        }
        if (type.startsWith(CUSTOM_PREFIX)) {
            return CUSTOM_NAME.matcher(type.substring(CUSTOM_PREFIX.length())).matches();
        }
        return STANDARD.contains(type);
    }
}
