// Common passwords (lower-cased) of the kind people pick when told "at least 12 characters",
// drawn from public breach corpora; a padded short favourite ("password" + "1234") is also caught
// by the stripping rule in password-policy.ts.
const LIST = `password password1 password123 password1234 password12345 passw0rd p@ssw0rd p@ssword
123456 1234567 12345678 123456789 1234567890 12345678910 123456789012 1234567890123 0123456789
qwerty qwertyuiop qwertyuiopasdf qwerty123456 qwertyuiop123 1q2w3e4r5t6y 1qaz2wsx3edc 1q2w3e4r5t
asdfghjkl asdfghjkl123 zxcvbnm zxcvbnm123456 abc123 abcdefghijkl abcdefg123456 abcd1234abcd
iloveyou iloveyou123 iloveyou1234 letmein letmein123456 welcome welcome123 welcome12345 welcome1234
admin admin123 admin123456 administrator administrator1 changeme changeme123 changeme1234
monkey dragon football baseball sunshine princess superman batman master shadow michael trustno1
passwordpassword qwertyqwerty 111111111111 000000000000 123123123123 121212121212 987654321
987654321098 123321123321 aaaaaaaaaaaa 11111111 00000000 88888888 66666666 99999999
cambodia cambodia123 cambodia2024 cambodia2025 cambodia2026 phnompenh phnompenh123 angkorwat
khmer khmer123456 kampuchea socialprotection nspc gsnspc operator operator1234 sdpadmin
computer internet security secret secret123 mypassword mypassword1 thisismypassword
summer2024 summer2025 winter2025 spring2026 autumn2026 january2026 november2026
starwars whatever trustnoone baseball123 football123 princess123 sunshine123 charlie
donald freedom hello123456 helloworld helloworld123 loveyou123 lovelylove`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
