import { renderEmail } from "/work/main/app/emails/render.server";
import { VerifyEmail } from "/work/main/app/emails/verify-email";
const r = await renderEmail(<VerifyEmail name="Ada <b>" url="http://localhost/verify-email?token=abc.def" expiresIn="48 hours" />);
console.log(r.text); console.log("----"); console.log(r.html.slice(0, 3000));
