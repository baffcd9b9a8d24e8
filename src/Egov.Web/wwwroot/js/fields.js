// Checks a field while it is typed, against the rule the page gives in data-check (the server's own, which it checks again
// on every post), and shows the page's message next to the field. Without JavaScript the form works the same, checked on posting.
(function () {
  function check(input) {
    var value = input.value.trim();
    var bad = value !== '' && !new RegExp('^(?:' + input.dataset.check + ')$').test(value);
    var server = document.getElementById(input.id + '-error');   // the message of the last post, about the value posted
    var changed = input.value !== input.defaultValue;
    if (server) server.hidden = changed;
    var id = input.id + '-live';
    var live = document.getElementById(id);
    if (!live) {
      live = document.createElement('p');
      live.className = 'error';
      live.id = id;
      live.setAttribute('aria-live', 'polite');
      input.parentNode.insertBefore(live, input);
    }
    var show = bad && (changed || !server);
    live.textContent = show ? input.dataset.checkMessage : '';
    live.hidden = !show;
    var described = (input.getAttribute('aria-describedby') || '').split(' ')
      .filter(function (x) { return x && x !== id && !(server && changed && x === server.id); });
    if (show) described.push(id);
    if (described.length) input.setAttribute('aria-describedby', described.join(' ')); else input.removeAttribute('aria-describedby');
    var invalid = show || (!!server && !changed);
    input.setAttribute('aria-invalid', invalid ? 'true' : 'false');
    var field = input.closest('.field');
    if (field) field.classList.toggle('invalid', invalid);
  }
  document.querySelectorAll('input[data-check]').forEach(function (input) {
    input.addEventListener('blur', function () { input.dataset.touched = '1'; check(input); });
    input.addEventListener('input', function () { if (input.dataset.touched) check(input); });
  });
  document.documentElement.dataset.liveChecks = 'on';   // for tests: the checks are attached
})();
