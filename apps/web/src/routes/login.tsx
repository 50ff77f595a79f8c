import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../ui/language-switcher';
import { ApiError } from '../lib/api-client';
import { useLogIn } from '../features/auth/api/log-in';

export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const logIn = useLogIn();
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const fieldError = (field: string) =>
    logIn.error instanceof ApiError ? logIn.error.problem.errors?.find((e) => e.path === field)?.message.replace(`${field}: `, '') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    logIn.mutate(
      { email, password },
      {
        onSuccess: () => {
          const next = params.get('next');
          void navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
        },
      },
    );
  };

  const emailError = fieldError('email');
  const passwordError = fieldError('password');
  const generalError = logIn.error && !emailError && !passwordError ? logIn.error.message : undefined;

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} noValidate>
        <h1>
          <span className="logo" aria-hidden="true" /> Shipdesk
        </h1>
        <p className="hint">{t('login.intro')}</p>
        {generalError && (
          <p className="alert error" role="alert">
            {generalError}
          </p>
        )}
        <label htmlFor="email">{t('login.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={Boolean(emailError)}
          aria-describedby={emailError ? 'email-error' : undefined}
          autoFocus
        />
        {emailError && (
          <p id="email-error" className="error-text">
            {emailError}
          </p>
        )}
        <label htmlFor="password">{t('login.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={Boolean(passwordError)}
          aria-describedby={passwordError ? 'password-error' : undefined}
        />
        {passwordError && (
          <p id="password-error" className="error-text">
            {passwordError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={logIn.isPending}>
          {logIn.isPending ? t('login.submitting') : t('login.submit')}
        </button>
        <LanguageSwitcher className="login-language" />
      </form>
    </main>
  );
}
