/** Russian email texts. Each template gives a subject, a plain-text body and a simple HTML body. */

export interface RenderedEmail {
  template: string;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function layout(template: string, subject: string, paragraphs: string[], action?: { label: string; url: string }): RenderedEmail {
  const footer = "Это письмо отправлено платформой «Билет в будущее». Если вы не ожидали его, просто проигнорируйте.";
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), "", "—", footer].join("\n\n");
  const html = [
    `<!doctype html><html lang="ru"><body style="font-family:Arial,sans-serif;line-height:1.5;color:#1d2330">`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    action
      ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 18px;background:#2450d3;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="font-size:13px;color:#555">Если кнопка не работает, скопируйте ссылку в адресную строку: ${escapeHtml(action.url)}</p>`
      : "",
    `<hr><p style="font-size:12px;color:#777">${escapeHtml(footer)}</p></body></html>`,
  ].join("");
  return { template, subject, text, html };
}

/** Students are addressed with «ты», everyone else with «вы» (docs/style-russian.md). */
type Addressee = "student" | "parent" | "mentor" | "staff";

export const emails = {
  requestReceived: (p: { number: number; subject: string; url: string | null }) =>
    layout(
      "request_received",
      `Обращение № ${p.number} принято — «Билет в будущее»`,
      [
        "Здравствуйте!",
        `Ваше обращение № ${p.number} «${p.subject}» принято. Специалист проекта ответит на этот адрес${p.url ? ", ответ появится и в личном кабинете" : ""}.`,
      ],
      p.url ? { label: "Мои обращения", url: p.url } : undefined,
    ),
  requestAnswered: (p: { number: number; subject: string; answer: string; url: string | null }) =>
    layout(
      "request_answered",
      `Ответ на обращение № ${p.number} — «Билет в будущее»`,
      ["Здравствуйте!", `Ответ на ваше обращение № ${p.number} «${p.subject}»:`, p.answer],
      p.url ? { label: "Открыть обращение в кабинете", url: p.url } : undefined,
    ),
  activation: (p: { firstName: string; url: string; hoursValid: number; role?: Addressee }) =>
    p.role === "student"
      ? layout(
          "activation",
          "Подтверди регистрацию на платформе «Билет в будущее»",
          [
            `Привет, ${p.firstName}!`,
            "Регистрация на платформе проекта «Билет в будущее» почти завершена. Чтобы подтвердить учётную запись и перейти в личный кабинет, открой ссылку ниже.",
            `Ссылка действует ${p.hoursValid} ч. и работает один раз.`,
          ],
          { label: "Подтвердить учётную запись", url: p.url },
        )
      : layout(
          "activation",
          "Подтвердите регистрацию на платформе «Билет в будущее»",
          [
            `Здравствуйте, ${p.firstName}!`,
            "Регистрация на платформе проекта «Билет в будущее» почти завершена. Чтобы подтвердить учётную запись и перейти в личный кабинет, откройте ссылку ниже.",
            `Ссылка действует ${p.hoursValid} ч. и работает один раз.`,
          ],
          { label: "Подтвердить учётную запись", url: p.url },
        ),
  passwordReset: (p: { firstName: string; url: string; minutesValid: number; role?: Addressee }) =>
    p.role === "student"
      ? layout(
          "password_reset",
          "Восстановление пароля — «Билет в будущее»",
          [
            `Привет, ${p.firstName}!`,
            "Пришёл запрос на смену пароля для твоей учётной записи. Чтобы задать новый пароль, открой ссылку ниже.",
            `Ссылка действует ${p.minutesValid} мин. и работает один раз. Если смену пароля никто не запрашивал, ничего не делай: пароль останется прежним.`,
          ],
          { label: "Задать новый пароль", url: p.url },
        )
      : layout(
          "password_reset",
          "Восстановление пароля — «Билет в будущее»",
          [
            `Здравствуйте, ${p.firstName}!`,
            "Мы получили запрос на смену пароля для вашей учётной записи. Чтобы задать новый пароль, откройте ссылку ниже.",
            `Ссылка действует ${p.minutesValid} мин. и работает один раз. Если вы не запрашивали смену пароля, ничего не делайте: пароль останется прежним.`,
          ],
          { label: "Задать новый пароль", url: p.url },
        ),
  alreadyRegistered: (p: { loginUrl: string; resetUrl: string }) =>
    layout("already_registered", "Попытка повторной регистрации — «Билет в будущее»", [
      "Здравствуйте!",
      "Кто-то попытался зарегистрироваться на платформе «Билет в будущее» с этим адресом электронной почты, но учётная запись с ним уже есть.",
      `Если это были вы, войдите: ${p.loginUrl}. Если не помните пароль, восстановите его: ${p.resetUrl}.`,
      "Если это были не вы, ничего делать не нужно.",
    ]),
  familyInvitation: (p: { inviterName: string; inviteeRole: "parent" | "student"; url: string; daysValid: number }) =>
    layout(
      "family_invitation",
      p.inviteeRole === "parent"
        ? "Ваш ребёнок приглашает вас на платформу «Билет в будущее»"
        : "Родитель приглашает тебя на платформу «Билет в будущее»",
      p.inviteeRole === "parent"
        ? [
            "Здравствуйте!",
            `${p.inviterName} участвует в проекте ранней профориентации «Билет в будущее» и приглашает вас связать ваши личные кабинеты.`,
            "Связка кабинетов нужна, чтобы ребёнок мог участвовать в практических мероприятиях: до совершеннолетия за него отвечает родитель (законный представитель). В своём кабинете вы дадите согласие на обработку персональных данных ребёнка, будете подтверждать его участие в пробах и видеть результаты диагностики.",
            `Ссылка действует ${p.daysValid} дней и работает один раз.`,
          ]
        : [
            "Привет!",
            `${p.inviterName} приглашает тебя в проект «Билет в будущее»: онлайн-диагностика интересов, профессиональные пробы с наставниками и рекомендации по учебному плану для школьников 6–11 классов.`,
            "Перейди по ссылке и зарегистрируйся — так твой кабинет будет связан с кабинетом родителя.",
            `Ссылка действует ${p.daysValid} дней и работает один раз.`,
          ],
      { label: "Принять приглашение", url: p.url },
    ),
  mentorInvitation: (p: { url: string; daysValid: number }) =>
    layout(
      "mentor_invitation",
      "Приглашение стать наставником проекта «Билет в будущее»",
      [
        "Здравствуйте!",
        "Оператор проекта «Билет в будущее» приглашает вас вести профессиональные пробы для школьников как наставник. Зарегистрируйтесь по ссылке ниже: в кабинете наставника будут ваши пробы, списки участников и отметка посещения.",
        `Ссылка действует ${p.daysValid} дней и работает один раз.`,
      ],
      { label: "Стать наставником", url: p.url },
    ),
  passwordChanged: (p: { firstName: string; role?: Addressee }) =>
    layout(
      "password_changed",
      "Пароль изменён — «Билет в будущее»",
      p.role === "student"
        ? [
            `Привет, ${p.firstName}!`,
            "Пароль твоей учётной записи только что изменён, все прежние сеансы входа завершены.",
            "Если о смене пароля ты слышишь впервые, сразу восстанови пароль и напиши в поддержку проекта.",
          ]
        : [
            `Здравствуйте, ${p.firstName}!`,
            "Пароль вашей учётной записи только что изменён, все прежние сеансы входа завершены.",
            "Если это были не вы, сразу восстановите пароль и напишите в поддержку проекта.",
          ],
    ),
} satisfies Record<string, (p: never) => RenderedEmail>;
