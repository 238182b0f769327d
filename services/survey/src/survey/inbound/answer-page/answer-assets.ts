/**
 * The answer page's stylesheet and script, served by the survey service itself (the CSP allows
 * only 'self'). Written for phones first: one column, large touch targets, visible focus.
 *
 * The script posts the answers as JSON to the survey-answers API (every Aftercare API takes JSON
 * only, libs/http body-parsing.ts), names unanswered questions next to them and in a summary that
 * takes focus, and goes to the thanks page once the answer is stored.
 */
export const ANSWER_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f5f6f8}
main{max-width:40rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
.language{text-align:right}
.language a{color:#0645ad;padding:.5rem;display:inline-block}
.question{border:1px solid #c8ccd2;border-radius:.5rem;margin:0 0 1rem;padding:.75rem}
legend,label[for=comment]{font-weight:600;padding:0 .25rem}
.required{font-weight:400;color:#555;font-size:.9rem}
.choices{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
.choice{flex:1 1 8rem}
.choice input{position:absolute;opacity:0;width:1px;height:1px}
.choice label{display:block;min-height:2.75rem;padding:.6rem .5rem;border:2px solid #8a9099;border-radius:.5rem;text-align:center;cursor:pointer}
.choice input:checked+label{background:#0b5cad;border-color:#0b5cad;color:#fff}
.choice input:focus-visible+label{outline:3px solid #f0a000;outline-offset:2px}
textarea{width:100%;margin-top:.5rem;font:inherit;padding:.5rem;border:2px solid #8a9099;border-radius:.5rem}
textarea:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #f0a000;outline-offset:2px}
button{width:100%;min-height:3rem;font:inherit;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:.5rem;cursor:pointer}
button[disabled]{opacity:.6}
.errors,.field-error{color:#a00000}
.errors{border:2px solid #a00000;border-radius:.5rem;padding:.5rem .75rem;margin-bottom:1rem}
.question[aria-invalid=true]{border-color:#a00000}
`;

export const ANSWER_JS = `
(function () {
  'use strict';
  var form = document.getElementById('survey');
  if (!form) return;
  var summary = document.getElementById('errors');
  var button = document.getElementById('submit');
  var buttonText = button.textContent;

  function checked(name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? Number(input.value) : null;
  }

  function showErrors(items) {
    summary.textContent = '';
    var heading = document.createElement('p');
    heading.textContent = form.dataset.fix;
    summary.appendChild(heading);
    var list = document.createElement('ul');
    items.forEach(function (item) {
      var li = document.createElement('li');
      if (item.target) {
        var link = document.createElement('a');
        link.href = '#' + item.target;
        link.textContent = item.text;
        li.appendChild(link);
      } else {
        li.textContent = item.text;
      }
      list.appendChild(li);
    });
    summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
  }

  function clearErrors() {
    summary.hidden = true;
    form.querySelectorAll('.question').forEach(function (q) {
      q.removeAttribute('aria-invalid');
      var error = document.getElementById(q.id + '-error');
      if (error) { error.hidden = true; error.textContent = ''; }
    });
  }

  function markInvalid(fieldset, message) {
    fieldset.setAttribute('aria-invalid', 'true');
    var error = document.getElementById(fieldset.id + '-error');
    if (error) {
      error.textContent = message;
      error.hidden = false;
      fieldset.setAttribute('aria-describedby', error.id);
    }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors();
    var ratings = [];
    var problems = [];
    form.querySelectorAll('fieldset[data-criterion]').forEach(function (fieldset) {
      var key = fieldset.dataset.criterion;
      var level = checked('rating-' + key);
      if (level === null) {
        markInvalid(fieldset, form.dataset.missing);
        problems.push({ target: fieldset.id, text: fieldset.querySelector('legend').firstChild.textContent + ': ' + form.dataset.missing });
      } else {
        ratings.push({ criterion: key, level: level });
      }
    });
    if (problems.length) { showErrors(problems); return; }
    var body = { token: form.dataset.token, ratings: ratings };
    if (form.querySelector('[data-score="csat"]')) body.csat = checked('csat');
    if (form.querySelector('[data-score="nps"]')) body.nps = checked('nps');
    var comment = document.getElementById('comment').value.trim();
    if (comment) body.comment = comment;
    button.disabled = true;
    button.textContent = form.dataset.submitting;
    fetch(form.dataset.submitUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    }).then(function (response) {
      if (response.ok || response.status === 410) { window.location.assign(form.dataset.thanksUrl); return; }
      return response.json().then(function (problem) {
        var items = (problem.errors || []).map(function (e) { return { text: e.field + ': ' + e.message }; });
        showErrors(items.length ? items : [{ text: problem.detail || form.dataset.failed }]);
      });
    }).catch(function () {
      showErrors([{ text: form.dataset.failed }]);
    }).then(function () {
      button.disabled = false;
      button.textContent = buttonText;
    });
  });
})();
`;
