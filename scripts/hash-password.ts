// Prints a BASIC_USERS entry for a user: npm run hash-password -- <user> <password>
import { hashPassword } from "../src/auth/password.ts";

const [user, password] = process.argv.slice(2);
if (!user || !password || !/^[\w.~-]{1,64}$/.test(user)) {
  console.error("usage: npm run hash-password -- <user: letters, digits, _ . ~ -> <password>");
  process.exit(2);
}
console.log(JSON.stringify({ [user]: await hashPassword(password) }));
