import { Link, type MetaFunction } from "@remix-run/react";
import { FormCard, Notice } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Password changed · Specialistly" }];

export default function PasswordResetDone() {
  return (
    <FormCard title="Password changed">
      <div className="space-y-4">
        <Notice tone="success">Your password was changed. For your security we signed you out on every device.</Notice>
        <p>
          <Link to="/login" className="font-medium text-brand-700 underline">
            Log in with your new password
          </Link>
        </p>
      </div>
    </FormCard>
  );
}
