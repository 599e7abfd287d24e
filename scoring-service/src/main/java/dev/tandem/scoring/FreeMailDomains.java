package dev.tandem.scoring;

import java.util.Set;

/** Consumer mailbox providers: an address there says nothing about the lead's company. Used as {@code $freemail}. */
public final class FreeMailDomains {

    /** How a model refers to this list as the value of an {@code in} condition. */
    public static final String REFERENCE = "$freemail";

    public static final Set<String> DOMAINS = Set.of(
            "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.jp", "yahoo.co.uk", "yahoo.fr", "yahoo.de",
            "ymail.com", "outlook.com", "outlook.jp", "hotmail.com", "hotmail.co.uk", "hotmail.co.jp", "hotmail.fr",
            "live.com", "live.jp", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me",
            "protonmail.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com", "mail.ru", "yandex.ru",
            "yandex.com", "zoho.com", "qq.com", "163.com", "126.com", "naver.com", "daum.net", "docomo.ne.jp",
            "ezweb.ne.jp", "softbank.ne.jp", "i.softbank.jp", "au.com", "nifty.com", "biglobe.ne.jp", "ocn.ne.jp",
            "orange.fr", "free.fr", "laposte.net", "libero.it", "t-online.de", "fastmail.com", "tutanota.com",
            "hey.com", "rediffmail.com");

    private FreeMailDomains() {
    }
}
